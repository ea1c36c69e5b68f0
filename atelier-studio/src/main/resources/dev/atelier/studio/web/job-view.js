// The job being watched: progress bar and its line in words, notes (warnings, random weights),
// losses, the picture as it forms, then the result compared with the photo, downloads, and
// cancelling. A clip's result plays in the page, with what its report measured.

import * as api from './api.js';
import { describe } from './controls.js';
import { notesOf } from './notes.js';
import * as progressText from './progress-text.js';

const $ = (id) => document.getElementById(id);
const FINISHED = new Set(['done', 'failed', 'cancelled']);
/** Shortest time between two refreshes of the forming picture. */
const PREVIEW_INTERVAL_MS = 250;

function number(value) {
  if (value === null || value === undefined) return 'unknown';
  return Math.abs(value) >= 1e5 || (Math.abs(value) < 1e-3 && value !== 0)
    ? value.toExponential(2) : value.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * What a clip's report measured, in one line: "8 frames at 25 frames/s, 640x480, repainted at 3.1
 * frames/s · warping error 0.00118 (frame by frame 0.008) · sound copied".
 */
export function clipSummary(report) {
  const result = report.result || {};
  const parts = [];
  const size = result.width && result.height ? `, ${result.width}x${result.height}` : '';
  const pace = Number.isFinite(result.frames_per_second) ? `, repainted at ${number(result.frames_per_second)} `
    + 'frames/s' : '';
  // The rate as FFmpeg writes it: "25/1", "30000/1001".
  const [numerator, denominator] = String(result.frame_rate).split('/').map(Number);
  const rate = denominator > 0 ? number(numerator / denominator) : result.frame_rate;
  parts.push(`${result.frames} frames at ${rate} frames/s${size}${pace}`);
  const errors = result.warping_error || {};
  if (Number.isFinite(errors.stabilised)) {
    parts.push(`warping error ${number(errors.stabilised)}`
      + (Number.isFinite(errors.frame_by_frame) ? ` (frame by frame ${number(errors.frame_by_frame)})` : ''));
  } else if (Number.isFinite(errors.frame_by_frame)) {
    parts.push(`warping error ${number(errors.frame_by_frame)} frame by frame`);
  }
  if (result.audio && result.audio !== 'none') parts.push(`sound ${result.audio}`);
  return parts.join(' · ');
}

export class JobView {
  constructor({ onFinished }) {
    this.onFinished = onFinished;
    this.section = $('job-view');
    this.stop = null;
    this.job = null;
    this.previewPending = false;
    this.previewWanted = 0;
    this.previewShown = 0;
    this.lastPreviewAt = 0;

    $('cancel').addEventListener('click', () => this.cancel());
    $('continue').addEventListener('click', () => this.continueClip());
    $('compare-slider').addEventListener('input', () => this.reveal());
    $('side-by-side').addEventListener('click', () => {
      const compare = $('compare');
      const on = !compare.classList.contains('side-by-side');
      compare.classList.toggle('side-by-side', on);
      $('side-by-side').setAttribute('aria-pressed', String(on));
      $('compare-slider').disabled = on;
      this.reveal();
    });
    $('preview-image').addEventListener('load', () => this.previewLoaded());
    $('preview-image').addEventListener('error', () => this.previewLoaded());
  }

  /** Starts watching `job` (its JSON); `scroll` brings the view into sight. */
  show(job, scroll = true) {
    if (this.stop) this.stop();
    this.job = job;
    this.previewWanted = 0;
    this.previewShown = 0;
    this.section.hidden = false;
    $('job-heading').textContent = `Job ${job.id}`;
    $('forming').hidden = true;
    $('result').hidden = true;
    $('clip-result').hidden = true;
    $('result-video').removeAttribute('src');
    $('clip-report').textContent = '';
    $('losses').replaceChildren();
    $('job-progress-text').textContent = '';
    this.warnings = [];
    if (job.kind === 'clip') {
      $('compare-photo').removeAttribute('src');
    } else {
      $('compare-photo').src = job.links.content;
    }
    this.update(job);
    if (!FINISHED.has(job.state)) {
      this.stop = api.watch(job.id, {
        state: (latest) => this.update(latest),
        progress: (progress) => this.progress(progress),
        preview: (version) => this.preview(version),
        warning: (message) => this.warning(message),
      });
    }
    if (scroll) this.section.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  update(job) {
    this.job = job;
    const names = [job.content_name, ...job.style_names, job.model_name].filter(Boolean).join(' + ');
    const settings = describe(job.options);
    const networks = Object.entries(job.networks || {}).map(([role, name]) => `used ${role} ${name}`).join(' · ');
    $('job-settings').textContent = [job.method, job.model, names, settings, networks].filter(Boolean).join(' · ');
    $('cancel').hidden = FINISHED.has(job.state);
    $('cancel').disabled = job.cancel_requested;
    $('continue').hidden = !job.links.continue;
    $('continue').disabled = false;
    this.warnings = job.warnings || [];
    this.showNotes();
    this.progress(job);
    if (FINISHED.has(job.state)) {
      this.finish(job);
    } else if (job.state === 'queued') {
      $('job-state').textContent = 'Queued: waiting for the jobs ahead of it.';
    } else if (job.cancel_requested) {
      $('job-state').textContent = 'Cancelling…';
    }
  }

  /** A warning that came while the job runs (also kept with the job, so a reload shows it too). */
  warning(message) {
    if (!this.warnings.includes(message)) this.warnings = this.warnings.concat([message]);
    this.showNotes();
  }

  showNotes() {
    const notes = this.job ? notesOf({ ...this.job, warnings: this.warnings }) : [];
    $('job-notes').replaceChildren(...notes.map((note) => {
      const item = document.createElement('li');
      item.textContent = note;
      return item;
    }));
    $('job-notes').hidden = notes.length === 0;
  }

  progress(progress) {
    const bar = $('job-progress');
    bar.value = progress.fraction ?? 0;
    const state = this.job ? this.job.state : 'running';
    $('job-progress-text').textContent = progressText.describe(progress, state);
    if (this.job && this.job.state === 'running' && !this.job.cancel_requested) {
      $('job-state').textContent = 'Running.';
    }
    const losses = Object.entries(progress.losses || {});
    if (losses.length > 0) {
      $('losses').replaceChildren(...losses.flatMap(([name, value]) => {
        const term = document.createElement('dt');
        term.textContent = name;
        const detail = document.createElement('dd');
        detail.textContent = number(value);
        return [term, detail];
      }));
    }
  }

  /** A new forming picture exists; fetch it when the last one has loaded, at most 4 times a second. */
  preview(version) {
    this.previewWanted = Math.max(this.previewWanted, version);
    $('forming').hidden = false;
    this.loadPreview();
  }

  loadPreview() {
    if (this.previewPending || this.previewWanted <= this.previewShown || !this.job) return;
    const wait = this.lastPreviewAt + PREVIEW_INTERVAL_MS - Date.now();
    if (wait > 0) {
      setTimeout(() => this.loadPreview(), wait);
      return;
    }
    this.previewPending = true;
    this.lastPreviewAt = Date.now();
    this.previewShown = this.previewWanted;
    $('preview-image').src = `${this.job.links.preview}?v=${this.previewWanted}`;
  }

  previewLoaded() {
    this.previewPending = false;
    this.loadPreview();
  }

  finish(job) {
    if (this.stop) {
      this.stop();
      this.stop = null;
    }
    const took = job.started && job.finished
      ? progressText.duration((Date.parse(job.finished) - Date.parse(job.started)) / 1000) : null;
    const frames = job.kind === 'clip' && job.step > 0
      ? ` after ${job.step} of ${job.total} frames: they are kept, and Continue goes on from them` : '';
    const messages = {
      done: `Done${took ? ` in ${took}` : ''}.`,
      failed: `Failed: ${job.error}`,
      cancelled: job.has_result ? 'Cancelled: the picture so far is kept.' : `Cancelled${frames}.`,
    };
    $('job-state').textContent = messages[job.state];
    $('job-progress-text').textContent = progressText.describe(job, job.state);
    if (job.state === 'done') $('job-progress').value = 1;
    $('forming').hidden = true;
    if (job.has_result && job.kind === 'clip') {
      this.showClip(job);
    } else if (job.has_result) {
      const stamp = Date.parse(job.finished) || Date.now();
      $('result-image').src = `${job.links.result}?t=${stamp}`;
      $('download-png').href = job.links.result;
      $('download-png').download = `atelier-${job.id}.png`;
      $('download-jpg').href = `${job.links.result}?format=jpg`;
      $('download-jpg').download = `atelier-${job.id}.jpg`;
      $('report-link').href = job.links.report;
      $('result').hidden = false;
      this.reveal();
    }
    this.onFinished(job);
  }

  /** A finished clip: the player, a download, and what its report measured. */
  showClip(job) {
    const stamp = Date.parse(job.finished) || Date.now();
    $('result-video').src = `${job.links.result}?t=${stamp}`;
    $('download-mp4').href = job.links.result;
    $('download-mp4').download = `atelier-${job.id}.mp4`;
    $('clip-report-link').href = job.links.report;
    $('clip-result').hidden = false;
    api.getJson(job.links.report).then((report) => {
      if (this.job && this.job.id === job.id) $('clip-report').textContent = clipSummary(report);
    }).catch((error) => {
      $('clip-report').textContent = `The report cannot be read: ${error.message}`;
    });
  }

  /** Shows the result over the photo up to the slider's position. */
  reveal() {
    const top = document.querySelector('.compare-result');
    const sideBySide = $('compare').classList.contains('side-by-side');
    top.style.clipPath = sideBySide ? 'none' : `inset(0 0 0 ${$('compare-slider').value}%)`;
  }

  /** A cancelled clip goes on from its finished frames. */
  async continueClip() {
    if (!this.job) return;
    $('continue').disabled = true;
    try {
      const job = await api.continueClip(this.job.id);
      this.show(job, false);
      this.onFinished(job);
    } catch (error) {
      $('job-state').textContent = `Cannot continue: ${error.message}`;
      $('continue').disabled = false;
    }
  }

  async cancel() {
    if (!this.job) return;
    $('cancel').disabled = true;
    try {
      const job = await api.cancel(this.job.id);
      // The answer can arrive after the job's own stream said it ended (a run stops fast, the answer
      // is slow): that older picture of the job must not undo the ending, so it only counts while
      // the view still shows this job unfinished.
      if (this.job.id !== job.id || FINISHED.has(this.job.state)) return;
      this.update(job);
    } catch (error) {
      $('job-state').textContent = `Cannot cancel: ${error.message}`;
    }
  }
}
