import { describe, expect, it } from 'vitest';
import { profiled, shortLocation, topFunctions, topModules, type CpuProfile } from './profile';

const frame = (
  id: number,
  functionName: string,
  url: string,
  lineNumber = 0,
  children: number[] = [],
) => ({
  id,
  callFrame: { functionName, url, lineNumber, columnNumber: 0 },
  children,
});

const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', 0, [2, 3, 4]),
    frame(2, 'decide', 'file:///repo/libs/sync-core/src/decide.ts', 9),
    frame(3, 'query', 'file:///repo/node_modules/knex/lib/runner.js', 41),
    frame(4, '(garbage collector)', ''),
  ],
  startTime: 0,
  endTime: 10_000,
  // The delta before each sample; the last sample's own duration is unknown.
  samples: [2, 2, 3, 2, 4, 3],
  timeDeltas: [0, 1000, 1000, 3000, 500, 500],
};

describe('CPU profile summary', () => {
  it('sums self time per function from sample deltas, largest first', () => {
    const top = topFunctions(profile);
    // Sample i owns the time until sample i + 1.
    expect(top.map((t) => [t.name, t.selfMs])).toEqual([
      ['query (knex/lib/runner.js:42)', 3],
      ['decide (libs/sync-core/src/decide.ts:10)', 2.5],
      ['(garbage collector)', 0.5],
    ]);
    expect(top.reduce((s, t) => s + t.selfPercent, 0)).toBeCloseTo(100);
  });

  it('falls back to hit counts when the profile has no samples', () => {
    const byHits: CpuProfile = {
      nodes: [
        { ...frame(1, 'a', 'file:///x/libs/a/src/a.ts'), hitCount: 3 },
        { ...frame(2, 'b', 'file:///x/libs/b/src/b.ts'), hitCount: 1 },
      ],
      startTime: 0,
      endTime: 4000,
    };
    expect(topFunctions(byHits).map((t) => [t.name, t.selfMs])).toEqual([
      ['a (libs/a/src/a.ts:1)', 3],
      ['b (libs/b/src/b.ts:1)', 1],
    ]);
  });

  it('groups self time by workspace project or package', () => {
    const modules = topModules(profile);
    expect(modules.map((m) => m.name)).toEqual(['knex', 'libs/sync-core', '(V8 / native)']);
  });

  it('shortens file URLs to their place in the workspace or node_modules', () => {
    expect(shortLocation('file:///w/node_modules/@trpc/server/dist/x.js')).toBe(
      '@trpc/server/dist/x.js',
    );
    expect(shortLocation('file:///w/apps/mock-crm/src/a.ts')).toBe('apps/mock-crm/src/a.ts');
    expect(shortLocation('node:internal/streams/readable')).toBe('node:internal/streams/readable');
  });

  it('profiles a function of this process and returns its result', async () => {
    const { result, profile: taken } = await profiled(() => {
      let x = 0;
      for (let i = 0; i < 2_000_000; i++) x += i % 7;
      return Promise.resolve(x);
    });
    expect(result).toBeGreaterThan(0);
    expect(taken.nodes.length).toBeGreaterThan(1);
    expect(topFunctions(taken, 3).length).toBeGreaterThan(0);
  });
});
