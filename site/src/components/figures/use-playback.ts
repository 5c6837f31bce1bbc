/** Steps through snapshots while playing; stops at the last one. Never starts by itself. */
import { useEffect } from 'preact/hooks';

export function usePlayback(
  playing: boolean,
  snapshot: number,
  last: number,
  reducedMotion: boolean,
  setSnapshot: (s: number) => void,
  stop: () => void,
): void {
  useEffect(() => {
    if (!playing) return;
    if (snapshot >= last) {
      stop();
      return;
    }
    const timer = setTimeout(() => setSnapshot(snapshot + 1), reducedMotion ? 900 : 600);
    return () => clearTimeout(timer);
  }, [playing, snapshot, last, reducedMotion]);
}
