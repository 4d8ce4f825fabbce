import { describe, expect, it } from 'vitest';
import { createBatchPipeline, readAhead } from './pipeline';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createBatchPipeline', () => {
  it("overlaps a batch's commit with the next batch's writes, each stage one at a time and in order", async () => {
    const pipeline = createBatchPipeline();
    const log: string[] = [];
    const step = (label: string) => async () => {
      log.push(`${label} start`);
      await tick();
      log.push(`${label} end`);
      return label;
    };
    for (const name of ['a', 'b', 'c']) {
      log.push(`prepare ${name}`);
      await pipeline.submit(step(`send ${name}`), (sent) => {
        expect(sent).toBe(`send ${name}`);
        return step(`commit ${name}`)();
      });
    }
    await pipeline.drain();
    const at = (entry: string) => log.indexOf(entry);
    // Writes in order, never two at once; commits in order, never two at once.
    expect(at('send a end')).toBeLessThan(at('send b start'));
    expect(at('send b end')).toBeLessThan(at('send c start'));
    expect(at('commit a end')).toBeLessThan(at('commit b start'));
    expect(at('commit b end')).toBeLessThan(at('commit c start'));
    // A commit follows its own writes; the next writes start before it ends, the ones after wait.
    expect(at('send a end')).toBeLessThan(at('commit a start'));
    expect(at('send b start')).toBeLessThan(at('commit a end'));
    expect(at('commit a end')).toBeLessThan(at('send c start'));
    // The caller prepares the next batch while the writes are in flight.
    expect(at('prepare b')).toBeLessThan(at('send a end'));
    expect(log.filter((e) => e.endsWith('end'))).toHaveLength(6);
  });

  it.each([1, 2])(
    'with %i batch(es) of writes in flight, a commit that hangs stops the writes after that many more batches',
    async (writesInFlight) => {
      const pipeline = createBatchPipeline({ writesInFlight });
      const sent: string[] = [];
      let release: () => void = () => undefined;
      const hung = new Promise<void>((resolve) => {
        release = resolve;
      });
      const send = (name: string) => () => {
        sent.push(name);
        return Promise.resolve();
      };
      const names = ['a', 'b', 'c', 'd'].slice(0, writesInFlight + 2);
      const last = names.at(-1) ?? '';
      await pipeline.submit(send('a'), () => hung);
      for (const name of names.slice(1, -1)) {
        await pipeline.submit(send(name), () => Promise.resolve());
      }
      let lastStarted = false;
      const blocked = pipeline
        .submit(send(last), () => Promise.resolve())
        .then(() => {
          lastStarted = true;
        });
      await tick();
      expect(sent).toEqual(names.slice(0, -1));
      expect(lastStarted).toBe(false);
      release();
      await blocked;
      await pipeline.drain();
      expect(sent).toEqual(names);
    },
  );

  it('with two writes in flight, starts the next writes before the last ones are answered, never a third, and commits in order', async () => {
    const pipeline = createBatchPipeline({ writesInFlight: 2 });
    const answers: (() => void)[] = [];
    const inFlight: string[] = [];
    let most = 0;
    const commits: string[] = [];
    const send = (name: string) => () =>
      new Promise<string>((resolve) => {
        inFlight.push(name);
        most = Math.max(most, inFlight.length);
        answers.push(() => {
          inFlight.splice(inFlight.indexOf(name), 1);
          resolve(name);
        });
      });
    const commit = (sent: string) => {
      commits.push(sent);
      return Promise.resolve();
    };
    await pipeline.submit(send('a'), commit);
    await pipeline.submit(send('b'), commit);
    expect(inFlight).toEqual(['a', 'b']);
    let cStarted = false;
    const c = pipeline.submit(send('c'), commit).then(() => {
      cStarted = true;
    });
    await tick();
    expect(cStarted).toBe(false);
    // b is answered first: its commit still waits for a's.
    answers[1]?.();
    await tick();
    expect(commits).toEqual([]);
    expect(cStarted).toBe(false);
    answers[0]?.();
    await c;
    await tick();
    expect(commits).toEqual(['a', 'b']);
    expect(inFlight).toEqual(['c']);
    answers[2]?.();
    await pipeline.drain();
    expect(commits).toEqual(['a', 'b', 'c']);
    expect(most).toBe(2);
  });

  it("throws a commit's failure at a later submit and never starts the writes after it", async () => {
    const pipeline = createBatchPipeline();
    let started = 0;
    const send = async () => {
      started += 1;
      await tick();
    };
    await pipeline.submit(send, async () => {
      await tick();
      throw new Error('killed after the writes');
    });
    await pipeline.submit(send, () => Promise.resolve());
    await tick();
    await tick();
    await expect(pipeline.submit(send, () => Promise.resolve())).rejects.toThrow(
      'killed after the writes',
    );
    expect(started).toBe(2);
    await expect(pipeline.drain()).rejects.toThrow('killed after the writes');
  });

  it('a failed write skips its commit; drain throws it; settle waits and swallows it', async () => {
    const a = createBatchPipeline();
    let committed = false;
    await a.submit(
      async () => {
        await tick();
        throw new Error('write failed');
      },
      () => {
        committed = true;
        return Promise.resolve();
      },
    );
    await expect(a.drain()).rejects.toThrow('write failed');
    expect(committed).toBe(false);
    const b = createBatchPipeline();
    let finished = false;
    await b.submit(
      () => tick(),
      async () => {
        await tick();
        finished = true;
      },
    );
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
