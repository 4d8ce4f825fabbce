import { describe, expect, it } from 'vitest';
import { createBatchPipeline, readAhead } from './pipeline';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createBatchPipeline', () => {
  it('runs stages one at a time, in order, and lets the caller go on while one is in flight', async () => {
    const pipeline = createBatchPipeline();
    const log: string[] = [];
    const stage = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await pipeline.submit(stage('a'));
    log.push('caller prepares b');
    await pipeline.submit(stage('b'));
    log.push('caller prepares c');
    await pipeline.drain();
    expect(log).toEqual([
      'a start',
      'caller prepares b',
      'a end',
      'b start',
      'caller prepares c',
      'b end',
    ]);
  });

  it("throws a stage's failure at the next submit and never starts the stage after it", async () => {
    const pipeline = createBatchPipeline();
    let started = false;
    await pipeline.submit(async () => {
      await tick();
      throw new Error('killed');
    });
    await expect(
      pipeline.submit(() => {
        started = true;
        return Promise.resolve();
      }),
    ).rejects.toThrow('killed');
    expect(started).toBe(false);
  });

  it('drain throws the failure of the stage in flight; settle waits for it and swallows it', async () => {
    const failing = async () => {
      await tick();
      throw new Error('write failed');
    };
    const a = createBatchPipeline();
    await a.submit(failing);
    await expect(a.drain()).rejects.toThrow('write failed');
    const b = createBatchPipeline();
    let finished = false;
    await b.submit(async () => {
      await tick();
      finished = true;
    });
    await b.settle();
    expect(finished).toBe(true);
  });
});

describe('readAhead', () => {
  async function* pages(log: string[], count: number) {
    for (let i = 1; i <= count; i++) {
      log.push(`fetch ${i}`);
      await tick();
      yield i;
    }
    log.push('source done');
  }

  it('fetches the next item while the consumer works on the current one, all items in order', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const page of readAhead(pages(log, 3))) {
      log.push(`work ${page}`);
      seen.push(page);
    }
    expect(seen).toEqual([1, 2, 3]);
    // Page 2 is asked for before page 1 is worked on.
    expect(log.indexOf('fetch 2')).toBeLessThan(log.indexOf('work 1'));
    expect(log).toContain('source done');
  });

  it('closes the source when the consumer stops early', async () => {
    const log: string[] = [];
    let closed = false;
    async function* source() {
      try {
        yield* pages(log, 10);
      } finally {
        closed = true;
      }
    }
    for await (const page of readAhead(source())) if (page === 2) break;
    expect(closed).toBe(true);
    expect(log).not.toContain('fetch 5');
  });

  it('passes a failed read on to the consumer', async () => {
    async function* broken() {
      yield await Promise.resolve(1);
      throw new Error('page 2 failed');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(broken())) seen.push(page);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1]);
  });
});
