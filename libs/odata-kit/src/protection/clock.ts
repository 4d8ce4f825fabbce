/** Time as the mocks see it: injected, so tests can move it. */
export type Clock = () => Date;

export interface ManualClock {
  now: Clock;
  advance(ms: number): void;
  set(date: Date): void;
}

/** An in-memory clock that only moves when told to. */
export function createManualClock(start: Date = new Date('2025-01-01T00:00:00.000Z')): ManualClock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    set(date) {
      t = date.getTime();
    },
  };
}
