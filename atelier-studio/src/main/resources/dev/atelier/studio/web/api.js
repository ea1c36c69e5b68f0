// The studio's JSON API (docs/api.md), as the page uses it. Requests are same-origin, so the
// access cookie, when the studio has a token, goes along by itself.

/** A refusal from the studio: its message and the field at fault (or null). */
export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall through to a generic message.
  }
  if (!response.ok) {
    const message = body && body.error ? body.error : `the studio answered ${response.status}`;
    throw new ApiError(response.status, message, body ? body.field : null);
  }
  return body;
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' } }));
}

/** The methods and the options a clip takes besides its method's: {methods, clip_options}. */
export const methods = () => getJson('/api/methods');
export const models = async () => (await getJson('/api/models')).models;
export const health = () => getJson('/api/health');
export const job = (id) => getJson(`/api/jobs/${id}`);
export const jobs = (limit, before) =>
  getJson(`/api/jobs?limit=${limit}` + (before ? `&before=${before}` : ''));

/** Submits a job: files are File or Blob objects, options a plain object of values. */
export async function submit({ method, content, styles, model, modelFile, options }) {
  const form = new FormData();
  form.append('method', method);
  form.append('content', content, content.name || 'photo');
  for (const style of styles) {
    form.append('style', style, style.name || 'painting');
  }
  if (modelFile) {
    form.append('model_file', modelFile, modelFile.name || 'model.safetensors');
  } else if (model) {
    form.append('model', model);
  }
  form.append('options', JSON.stringify(options));
  return answer(await fetch('/api/jobs', { method: 'POST', body: form }));
}

/** The paintings a model file holds (several for a network trained on several, else none). */
export async function paintings(modelFile) {
  const form = new FormData();
  form.append('model_file', modelFile, modelFile.name || 'model.safetensors');
  return (await answer(await fetch('/api/models/paintings', { method: 'POST', body: form }))).paintings;
}

/** Queues a cancelled clip again, to go on from its finished frames. */
export async function continueClip(id) {
  return answer(await fetch(`/api/jobs/${id}/continue`, { method: 'POST' }));
}

export async function cancel(id) {
  return answer(await fetch(`/api/jobs/${id}`, { method: 'DELETE' }));
}

/** An uploaded input of a job as a File: n = 0 the photo or clip, n >= 1 the n-th painting. */
export async function input(jobJson, n) {
  const path = n === 0 ? jobJson.links.content : jobJson.links.styles[n - 1];
  const response = await fetch(path);
  if (!response.ok) {
    throw new ApiError(response.status, `cannot fetch ${path}`, null);
  }
  const blob = await response.blob();
  const name = (n === 0 ? jobJson.content_name : jobJson.style_names[n - 1])
      || (blob.type === 'image/png' ? 'image.png' : blob.type.startsWith('video/') ? 'clip.mp4' : 'image.jpg');
  return new File([blob], name, { type: blob.type });
}

/** The model file uploaded with a job, as a File. */
export async function modelFile(jobJson) {
  const response = await fetch(jobJson.links.model);
  if (!response.ok) {
    throw new ApiError(response.status, `cannot fetch ${jobJson.links.model}`, null);
  }
  return new File([await response.blob()], jobJson.model_name || 'model.safetensors');
}

/**
 * Watches a job's event stream. handlers: state(job), progress(progress), preview(version),
 * warning(message).
 * Returns a function that stops watching. The stream is closed here once the job has finished,
 * since EventSource would otherwise reconnect.
 */
export function watch(id, handlers) {
  const source = new EventSource(`/api/jobs/${id}/events`);
  const finished = new Set(['done', 'failed', 'cancelled']);
  source.addEventListener('state', (event) => {
    const job = JSON.parse(event.data);
    handlers.state(job);
    if (finished.has(job.state)) {
      source.close();
    }
  });
  source.addEventListener('progress', (event) => handlers.progress(JSON.parse(event.data)));
  source.addEventListener('preview', (event) => handlers.preview(JSON.parse(event.data).version));
  source.addEventListener('warning', (event) => handlers.warning(JSON.parse(event.data).message));
  return () => source.close();
}
