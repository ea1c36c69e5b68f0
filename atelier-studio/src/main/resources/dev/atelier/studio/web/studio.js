// The studio page: choose inputs and a method, start, watch, compare; past jobs below.

import * as api from './api.js';
import * as controls from './controls.js';
import { Gallery } from './gallery.js';
import { JobView } from './job-view.js';

const $ = (id) => document.getElementById(id);

const state = {
  methods: [],
  models: [],
  limits: null,
  content: null, // File
  styles: [], // Files
};

function method() {
  return state.methods.find((candidate) => candidate.name === $('method').value);
}

// ---- inputs ---------------------------------------------------------------------------------

function thumbnail(file, alt) {
  const image = document.createElement('img');
  image.alt = alt;
  image.src = URL.createObjectURL(file);
  image.addEventListener('load', () => URL.revokeObjectURL(image.src), { once: true });
  return image;
}

function checkFile(file, field) {
  if (!['image/jpeg', 'image/png'].includes(file.type)) {
    return `${file.name} is not a JPEG or PNG image`;
  }
  if (state.limits && file.size > state.limits.upload_bytes) {
    const limit = Math.round(state.limits.upload_bytes / (1024 * 1024));
    return `${file.name} is larger than the ${limit} MB upload limit`;
  }
  clearError(field);
  return null;
}

function setContent(file) {
  const problem = checkFile(file, 'content');
  if (problem) {
    showError('content', problem);
    return;
  }
  state.content = file;
  $('content-thumbs').replaceChildren(thumbnail(file, `Chosen photo: ${file.name}`));
}

function setStyles(files) {
  const most = method() ? Math.max(1, method().max_styles) : 1;
  const chosen = Array.from(files).slice(0, most);
  for (const file of chosen) {
    const problem = checkFile(file, 'style');
    if (problem) {
      showError('style', problem);
      return;
    }
  }
  state.styles = chosen;
  $('style-thumbs').replaceChildren(...chosen.map((file) => thumbnail(file, `Chosen painting: ${file.name}`)));
}

function wireDrop(zone, input, accept) {
  input.addEventListener('change', () => {
    if (input.files.length > 0) accept(input.files);
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    if (event.dataTransfer.files.length > 0) accept(event.dataTransfer.files);
  });
}

// ---- method and controls --------------------------------------------------------------------

function showMethod() {
  const chosen = method();
  if (!chosen) return;
  // Descriptions are phrases ("any painting in one pass …") that the command line lists after a name.
  $('method-description').textContent = chosen.description.charAt(0).toUpperCase() + chosen.description.slice(1);
  $('style-drop').hidden = chosen.uses_model;
  $('model-field').hidden = !chosen.uses_model;
  $('style-file').multiple = chosen.max_styles > 1;
  $('style-drop').querySelector('label').textContent = chosen.max_styles > 1 ? 'Paintings' : 'Painting';
  $('style-hint').textContent = chosen.max_styles > 1
    ? `Drop up to ${chosen.max_styles} paintings whose styles to blend.`
    : 'Drop the painting whose style to use.';
  if (state.styles.length > chosen.max_styles) {
    setStyles(state.styles);
  }
  controls.render(chosen, $('main-controls'), $('more-controls'));
  clearErrors();
}

function fillSelectors() {
  $('method').replaceChildren(...state.methods.map((candidate) => {
    const item = document.createElement('option');
    item.value = candidate.name;
    item.textContent = candidate.title ? `${candidate.title}` : candidate.name;
    return item;
  }));
  $('model').replaceChildren(...state.models.map((model) => {
    const item = document.createElement('option');
    item.value = model.name;
    item.textContent = model.description ? `${model.name}: ${model.description}` : model.name;
    if (!model.cached) item.textContent += ' (downloaded on first use)';
    return item;
  }));
}

// ---- errors ---------------------------------------------------------------------------------

function errorElement(field) {
  if (!field) return $('form-error');
  if (field.startsWith('options.')) {
    const element = document.getElementById(`option-${field.slice(8)}-error`);
    if (element) {
      const details = element.closest('details');
      if (details) details.open = true;
      return element;
    }
    return $('form-error');
  }
  return document.getElementById(`${field}-error`) || $('form-error');
}

function showError(field, message) {
  const element = errorElement(field);
  element.textContent = message;
  const container = element.closest('[data-field]');
  const input = container ? container.querySelector('input, select') : null;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

function clearError(field) {
  const element = errorElement(field);
  element.textContent = '';
  const container = element.closest('[data-field]');
  const input = container ? container.querySelector('input, select') : null;
  if (input) input.removeAttribute('aria-invalid');
}

function clearErrors() {
  document.querySelectorAll('.field-error, .form-error').forEach((element) => { element.textContent = ''; });
  document.querySelectorAll('[aria-invalid]').forEach((element) => element.removeAttribute('aria-invalid'));
}

// ---- start, open, run again -----------------------------------------------------------------

async function start(event) {
  event.preventDefault();
  clearErrors();
  const chosen = method();
  if (!state.content) {
    showError('content', 'Choose a photo first.');
    return;
  }
  if (!chosen.uses_model && state.styles.length < Math.max(1, chosen.min_styles)) {
    showError('style', 'Choose a painting first.');
    return;
  }
  $('start').disabled = true;
  // A network the server has not cached is fetched before the job is accepted: that can take a while.
  $('start').textContent = 'Starting…';
  try {
    const job = await api.submit({
      method: chosen.name,
      content: state.content,
      styles: chosen.uses_model ? [] : state.styles,
      model: chosen.uses_model ? $('model').value : null,
      options: {
        ...controls.collect($('main-controls')),
        ...controls.collect($('more-controls')),
      },
    });
    view.show(job);
    gallery.refresh();
  } catch (error) {
    showError(error.field, error.message);
  } finally {
    $('start').disabled = false;
    $('start').textContent = 'Start';
  }
}

async function runAgain(job) {
  clearErrors();
  try {
    $('method').value = job.method;
    showMethod();
    controls.apply($('main-controls'), job.options);
    controls.apply($('more-controls'), job.options);
    if (job.model) $('model').value = job.model;
    setContent(await api.input(job, 0));
    const styles = [];
    for (let n = 1; n <= job.styles; n++) {
      styles.push(await api.input(job, n));
    }
    if (styles.length > 0) setStyles(styles);
    $('form-error').textContent = '';
    $('job-form').scrollIntoView({ behavior: 'smooth', block: 'start' });
    $('start').focus();
  } catch (error) {
    showError(null, `Cannot load job ${job.id}: ${error.message}`);
  }
}

async function cancelFromGallery(job) {
  try {
    await api.cancel(job.id);
  } catch (error) {
    showError(null, `Cannot cancel job ${job.id}: ${error.message}`);
  }
  gallery.refresh();
}

const view = new JobView({ onFinished: () => gallery.refresh() });
const gallery = new Gallery({
  onOpen: async (job) => view.show(await api.job(job.id)),
  onRunAgain: runAgain,
  onCancel: cancelFromGallery,
});

async function init() {
  wireDrop($('content-drop'), $('content-file'), (files) => setContent(files[0]));
  wireDrop($('style-drop'), $('style-file'), (files) => setStyles(files));
  $('method').addEventListener('change', showMethod);
  $('job-form').addEventListener('submit', start);
  try {
    [state.methods, state.models, state.limits] = await Promise.all([
      api.methods(), api.models(), api.health().then((health) => health.limits)]);
  } catch (error) {
    showError(null, `The studio cannot be reached: ${error.message}`);
    return;
  }
  fillSelectors();
  showMethod();
  document.body.dataset.ready = 'true';
  await gallery.refresh();
  const running = gallery.jobs.find((job) => job.state === 'running');
  if (running) view.show(running, false);
}

init();
