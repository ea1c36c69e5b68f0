// The studio page: choose inputs and a method, start, watch, compare; past jobs below.

import * as api from './api.js';
import * as controls from './controls.js';
import { Gallery } from './gallery.js';
import { JobView } from './job-view.js';
import { OPTIONS as PAINTING_OPTIONS, PaintingChooser } from './paintings.js';

const $ = (id) => document.getElementById(id);

/** Names of clips, as the studio tells clips from photos (dev.atelier.video.VideoFiles). */
const CLIP_EXTENSIONS = ['mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'mpg', 'mpeg', 'ts', 'm2ts', 'mts', 'wmv', 'flv',
  'ogv', '3gp', 'y4m', 'nut'];

const state = {
  methods: [],
  clipOptions: [],
  clips: null, // {available, reason}
  models: [],
  limits: null,
  content: null, // File
  styles: [], // Files
  modelFile: null, // File: a model of one's own
  modelFilePaintings: [],
};

const paintings = new PaintingChooser();

function method() {
  return state.methods.find((candidate) => candidate.name === $('method').value);
}

function isClip(file) {
  const dot = file.name.lastIndexOf('.');
  return dot > 0 && CLIP_EXTENSIONS.includes(file.name.slice(dot + 1).toLowerCase());
}

function contentIsClip() {
  return state.content !== null && isClip(state.content);
}

// ---- inputs ---------------------------------------------------------------------------------

function thumbnail(file, alt) {
  const image = document.createElement('img');
  image.alt = alt;
  image.src = URL.createObjectURL(file);
  image.addEventListener('load', () => URL.revokeObjectURL(image.src), { once: true });
  return image;
}

function clipPreview(file, alt) {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'metadata';
  video.setAttribute('aria-label', alt);
  video.src = URL.createObjectURL(file);
  return video;
}

function checkFile(file, field) {
  if (field === 'content' && isClip(file)) {
    if (state.clips && !state.clips.available) {
      return `${file.name} is a clip, and clips are unavailable here: ${state.clips.reason}`;
    }
  } else if (!['image/jpeg', 'image/png'].includes(file.type)) {
    return field === 'content' && state.clips && state.clips.available
      ? `${file.name} is not a JPEG or PNG image, nor a clip (${CLIP_EXTENSIONS.slice(0, 6).join(', ')}, …)`
      : `${file.name} is not a JPEG or PNG image`;
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
  $('content-thumbs').replaceChildren(isClip(file) ? clipPreview(file, `Chosen clip: ${file.name}`)
    : thumbnail(file, `Chosen photo: ${file.name}`));
  showClipControls();
}

/** A clip's own settings (how steady its frames hold, its quality), shown while the content is a clip. */
function showClipControls() {
  $('clip-controls').hidden = !contentIsClip() || state.clipOptions.length === 0;
}

// ---- models: by name, or a file of one's own; a network of several paintings -------------------

/** The paintings of the model chosen: of the own file when one is given, else of the list's model. */
function showPaintings() {
  const chosen = method();
  let names = [];
  if (chosen && chosen.uses_model) {
    if (state.modelFile) {
      names = state.modelFilePaintings;
    } else {
      const model = state.models.find((candidate) => candidate.name === $('model').value);
      names = model && model.paintings ? model.paintings : [];
    }
  }
  paintings.show(names);
  // The choice sets style-index and style-weights: their own controls step aside meanwhile.
  controls.setHidden($('more-controls'), PAINTING_OPTIONS, paintings.active());
  controls.setHidden($('main-controls'), PAINTING_OPTIONS, paintings.active());
  $('more-controls').closest('details').hidden = !Array.from($('more-controls').querySelectorAll('.control'))
    .some((control) => !control.hidden);
}

/** Reads a model file's paintings from the studio, then uses it instead of the list's model. */
async function setModelFile(file) {
  clearError('model_file');
  try {
    state.modelFilePaintings = await api.paintings(file);
  } catch (error) {
    showError('model_file', error.message);
    return false;
  }
  state.modelFile = file;
  const count = state.modelFilePaintings.length;
  $('model-file-chosen').textContent = `Chosen model: ${file.name}`
    + (count >= 2 ? ` (${count} paintings)` : ' (one painting)');
  $('model-file-chosen').hidden = false;
  $('model-file-remove').hidden = false;
  $('model').disabled = true;
  showPaintings();
  return true;
}

function clearModelFile() {
  state.modelFile = null;
  state.modelFilePaintings = [];
  $('model-file').value = '';
  $('model-file-chosen').hidden = true;
  $('model-file-remove').hidden = true;
  $('model').disabled = false;
  clearError('model_file');
  showPaintings();
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
  fillModels();
  showPaintings();
  clearErrors();
}

function fillSelectors() {
  $('method').replaceChildren(...state.methods.map((candidate) => {
    const item = document.createElement('option');
    item.value = candidate.name;
    item.textContent = candidate.title ? `${candidate.title}` : candidate.name;
    return item;
  }));
  controls.renderInto(state.clipOptions, $('clip-controls'));
}

/** The models the chosen method runs, keeping the one chosen when it is among them. */
function fillModels() {
  const chosen = method();
  const kept = $('model').value;
  const models = state.models.filter((model) => !chosen || model.method === chosen.name);
  $('model').replaceChildren(...models.map((model) => {
    const item = document.createElement('option');
    item.value = model.name;
    item.textContent = model.description ? `${model.name}: ${model.description}` : model.name;
    if (model.paintings && model.paintings.length >= 2) item.textContent += ` (${model.paintings.length} paintings)`;
    if (!model.cached) item.textContent += ' (downloaded on first use)';
    return item;
  }));
  if (models.some((model) => model.name === kept)) $('model').value = kept;
}

/** Whether the page takes clips, and if not, why: one line under the photo. */
function showClipAvailability() {
  const available = state.clips && state.clips.available;
  $('content-file').accept = available
    ? `image/jpeg,image/png,video/*,${CLIP_EXTENSIONS.map((extension) => `.${extension}`).join(',')}`
    : 'image/jpeg,image/png';
  $('content-drop').querySelector('label').textContent = available ? 'Photo or clip' : 'Photo';
  $('content-hint').textContent = available
    ? `Drop a JPEG or PNG here, or a clip (MP4, MOV, MKV, WebM, …) of up to ${state.limits.clip_seconds} s and `
      + `${state.limits.clip_frames.toLocaleString('en')} frames of up to `
      + `${state.limits.clip_pixels.toLocaleString('en')} pixels (1920x1080 is 2,073,600); or choose one.`
    : 'Drop a JPEG or PNG here, or choose one.';
  $('clips-unavailable').hidden = available || !state.clips;
  $('clips-unavailable').textContent = available || !state.clips ? '' : `Clips are unavailable: ${state.clips.reason}`;
}

// ---- errors ---------------------------------------------------------------------------------

function errorElement(field) {
  if (!field) return $('form-error');
  if (PAINTING_OPTIONS.some((name) => field === `options.${name}`) && paintings.active()) {
    return $('paintings-error');
  }
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
  const clip = contentIsClip();
  $('start').disabled = true;
  // A network the server has not cached is fetched before the job is accepted: that can take a while.
  $('start').textContent = 'Starting…';
  try {
    const job = await api.submit({
      method: chosen.name,
      content: state.content,
      styles: chosen.uses_model ? [] : state.styles,
      model: chosen.uses_model && !state.modelFile ? $('model').value : null,
      modelFile: chosen.uses_model ? state.modelFile : null,
      options: {
        ...controls.collect($('main-controls')),
        ...controls.collect($('more-controls')),
        ...(clip ? controls.collect($('clip-controls')) : {}),
        ...(chosen.uses_model ? paintings.options() : {}),
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
    controls.apply($('clip-controls'), job.options);
    clearModelFile();
    if (job.model) $('model').value = job.model;
    if (job.links.model) await setModelFile(await api.modelFile(job));
    showPaintings();
    paintings.apply(job.options);
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
  $('model').addEventListener('change', showPaintings);
  $('model-file').addEventListener('change', () => {
    if ($('model-file').files.length > 0) setModelFile($('model-file').files[0]);
  });
  $('model-file-remove').addEventListener('click', clearModelFile);
  $('job-form').addEventListener('submit', start);
  try {
    let methods;
    let health;
    [methods, state.models, health] = await Promise.all([api.methods(), api.models(), api.health()]);
    state.methods = methods.methods;
    state.clipOptions = methods.clip_options || [];
    state.limits = health.limits;
    state.clips = health.clips;
  } catch (error) {
    showError(null, `The studio cannot be reached: ${error.message}`);
    return;
  }
  fillSelectors();
  showClipAvailability();
  showMethod();
  document.body.dataset.ready = 'true';
  await gallery.refresh();
  const running = gallery.jobs.find((job) => job.state === 'running');
  if (running) view.show(running, false);
}

init();
