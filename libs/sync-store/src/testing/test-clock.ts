/** A clock tests move by hand. */
export interface TestClock {
  (): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function createTestClock(startIso = '2026-01-01T00:00:00.000Z'): TestClock {
  let now = Date.parse(startIso);
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (iso) => {
    now = Date.parse(iso);
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}
