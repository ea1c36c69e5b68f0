// A job's progress in words, as the job view and the gallery show it: steps as counts ("Iteration
// 152 of 500"), the share of the work labelled as such, times as durations. The time left comes
// smoothed from the studio (SmoothedEta); nothing here estimates anything.

/** What one step of a stage is called. */
const UNITS = {
  optimise: ['Iteration', 'iterations'],
  train: ['Step', 'steps'],
  stylize: ['Picture', 'pictures'],
  tile: ['Tile', 'tiles'],
  batch: ['Picture', 'pictures'],
  video: ['Frame', 'frames'],
  frame: ['Frame', 'frames'],
  frames: ['Frame', 'frames'],
};

/** "45 s", "2 min 10 s", "1 h 5 min"; null for an unknown time. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 10) return `${Math.max(0.1, Math.round(seconds * 10) / 10)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    const rest = Math.round(seconds - minutes * 60);
    return minutes >= 10 || rest === 0 ? `${Math.round(seconds / 60)} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(seconds / 3600);
  return `${hours} h ${Math.round((seconds - hours * 3600) / 60)} min`;
}

/** "Iteration 152 of 500" for a stage, or null when the job counts no steps. */
export function count(progress) {
  if (!progress || !(progress.total > 0)) return null;
  const [unit] = UNITS[progress.stage] || ['Step'];
  return `${unit} ${progress.step} of ${progress.total}`;
}

/**
 * One line for a job's progress (its JSON, or a progress event), by its state: while running the
 * count, the share of the work and the times; once finished the count and how long it took.
 */
export function describe(progress, state) {
  if (!progress || state === 'queued') return '';
  const parts = [];
  const counted = count(progress);
  const running = state === 'running';
  if (counted && (running || progress.step > 0)) parts.push(counted);
  if (running && Number.isFinite(progress.fraction) && progress.total > 0) {
    parts.push(`${Math.floor(progress.fraction * 100)}% of the work done`);
  }
  // A clip's pace, in the library's words ("2.41 frames/s").
  if (running && progress.stage === 'video' && progress.item) parts.push(progress.item);
  const elapsed = duration(progress.elapsed_seconds);
  if (running) {
    if (elapsed) parts.push(`${elapsed} so far`);
    const left = duration(progress.eta_seconds);
    if (left) parts.push(`about ${left} left`);
  } else if (elapsed) {
    parts.push(`took ${elapsed}`);
  }
  return parts.join(' · ');
}
