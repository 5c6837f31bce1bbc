/** The main thread's training slot: experiments train one at a time, in their order. */

/** The training slot of a run (see `trainingSlot`). */
export interface TrainingSlot {
  /** Runs experiment `rank`'s `train` when the slot is free and every earlier experiment has trained or ended. */
  claim<T>(rank: number, train: () => Promise<T>): Promise<T>;
  /** Experiment `rank` ended (computed, cached or failed): later ones no longer wait for it. */
  end(rank: number): void;
}

/**
 * Runs `train` calls one at a time, in the order of the run's `ranks` experiments, not in the
 * order the calls come: experiment r trains once experiments 0 … r − 1 have each trained or
 * ended. The order decides which of two experiments that share a network trains it (the
 * other replays it) and which views reach the workers first: with calls served as they came,
 * whichever kind's module loaded first won, and when mlp-bipartite beat mlp-classes the view
 * workers idled 36 s in the first minute for want of mlp-classes' views. A second call of a
 * rank that has trained waits until every rank has trained or ended.
 */
export function trainingSlot(ranks: number): TrainingSlot {
  let busy = false;
  let turn = 0;
  const settled = new Set<number>();
  const queue: { rank: number; start: () => void }[] = [];
  const advance = (): void => {
    while (turn < ranks && settled.has(turn)) turn++;
    if (busy) return;
    const at = queue.findIndex((q) => q.rank === turn || turn >= ranks);
    if (at < 0) return;
    const [next] = queue.splice(at, 1);
    busy = true;
    next?.start();
  };
  return {
    claim<T>(rank: number, train: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({
          rank: settled.has(rank) ? ranks : rank,
          start: () => {
            train()
              .then(resolve, reject)
              .finally(() => {
                busy = false;
                settled.add(rank);
                advance();
              });
          },
        });
        advance();
      });
    },
    end(rank) {
      settled.add(rank);
      advance();
    },
  };
}
