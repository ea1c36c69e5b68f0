// Past jobs, newest first: a thumbnail, the settings, and buttons to open, run again or cancel.

import * as api from './api.js';
import { describe } from './controls.js';
import { notesOf } from './notes.js';

const PAGE = 12;
const ACTIVE = new Set(['queued', 'running']);
const $ = (id) => document.getElementById(id);

const STATES = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export class Gallery {
  constructor({ onOpen, onRunAgain, onCancel }) {
    this.onOpen = onOpen;
    this.onRunAgain = onRunAgain;
    this.onCancel = onCancel;
    this.jobs = [];
    this.nextBefore = null;
    this.timer = null;
    $('older-jobs').addEventListener('click', () => this.loadOlder());
  }

  /** Reloads the newest page, keeping older pages the user asked for out of it. */
  async refresh() {
    try {
      const page = await api.jobs(PAGE);
      this.jobs = page.jobs;
      this.nextBefore = page.next_before;
      this.render();
    } catch (error) {
      $('gallery-empty').textContent = `Cannot load past jobs: ${error.message}`;
      $('gallery-empty').hidden = false;
    }
    this.schedule();
  }

  async loadOlder() {
    if (!this.nextBefore) return;
    const page = await api.jobs(PAGE, this.nextBefore);
    this.jobs = this.jobs.concat(page.jobs);
    this.nextBefore = page.next_before;
    this.render();
  }

  /** While any listed job is waiting or running, looks again every few seconds. */
  schedule() {
    clearTimeout(this.timer);
    if (this.jobs.some((job) => ACTIVE.has(job.state))) {
      this.timer = setTimeout(() => this.refresh(), 3000);
    }
  }

  render() {
    $('gallery-empty').hidden = this.jobs.length > 0;
    $('gallery-empty').textContent = 'Nothing yet: your pictures will appear here.';
    $('older-jobs').hidden = !this.nextBefore;
    $('gallery').replaceChildren(...this.jobs.map((job) => this.card(job)));
  }

  card(job) {
    const item = document.createElement('li');
    item.className = `card state-${job.state}`;
    item.dataset.jobId = String(job.id);

    let image;
    if (job.kind === 'clip') {
      // The clip's first frame: repainted once done, else as uploaded.
      image = document.createElement('video');
      image.muted = true;
      image.preload = 'metadata';
      image.src = job.has_result ? job.links.result : job.links.content;
      image.setAttribute('aria-label', job.has_result ? `Result of job ${job.id}` : `Clip of job ${job.id}`);
    } else {
      image = document.createElement('img');
      image.loading = 'lazy';
      image.src = job.has_result ? job.links.result : job.links.content;
      image.alt = job.has_result ? `Result of job ${job.id}` : `Photo of job ${job.id}`;
    }

    const body = document.createElement('div');
    body.className = 'card-body';
    const title = document.createElement('h3');
    title.textContent = `Job ${job.id} · ${job.method}`;
    const state = document.createElement('p');
    state.className = 'card-state';
    state.textContent = STATES[job.state];
    const details = [];
    if (job.state === 'failed' && job.error) {
      // Long errors wrap and stop after a few lines; the whole text is the tooltip and in the job view.
      const error = document.createElement('p');
      error.className = 'card-error';
      error.textContent = job.error;
      error.title = job.error;
      details.push(error);
    }
    const notes = notesOf(job);
    if (notes.length > 0) {
      const note = document.createElement('p');
      note.className = 'card-note';
      note.textContent = notes[0];
      note.title = notes.join('\n');
      details.push(note);
    }
    const settings = document.createElement('p');
    settings.className = 'card-settings';
    const names = [job.content_name, ...job.style_names, job.model, job.model_name].filter(Boolean).join(' + ');
    settings.textContent = [names, describe(job.options)].filter(Boolean).join(' · ');
    const time = document.createElement('p');
    time.className = 'card-time';
    const created = new Date(job.created);
    time.textContent = created.toLocaleString();

    const buttons = document.createElement('div');
    buttons.className = 'card-actions';
    buttons.append(this.button('Open', `Open job ${job.id}`, () => this.onOpen(job)));
    buttons.append(this.button('Run again', `Run job ${job.id} again`, () => this.onRunAgain(job)));
    if (ACTIVE.has(job.state)) {
      buttons.append(this.button('Cancel', `Cancel job ${job.id}`, () => this.onCancel(job)));
    }
    body.append(title, state, ...details, settings, time, buttons);
    item.append(image, body);
    return item;
  }

  button(text, label, action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.addEventListener('click', action);
    return button;
  }
}
