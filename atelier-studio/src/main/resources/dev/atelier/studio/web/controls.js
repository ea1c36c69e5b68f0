// Form controls generated from a method's options (GET /api/methods): main ones under Settings,
// the rest under More settings. Each control has a visible label and its description as help.

/** "style-weight" -> "Style weight". */
export function labelOf(name) {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Shows an option's value for people: "size 64". */
export function describe(options) {
  return Object.entries(options).map(([key, value]) => `${key.replace(/-/g, ' ')} ${value}`).join(' · ');
}

function controlId(name) {
  return `option-${name}`;
}

/** A slider suits a number with a short, closed range (a strength from 0 to 1). */
function isSlider(option) {
  return option.kind === 'number' && option.min !== null && option.max !== null && option.max - option.min <= 10;
}

function createControl(option) {
  const id = controlId(option.name);
  const wrapper = document.createElement('div');
  wrapper.className = `control control-${option.kind}`;
  wrapper.dataset.field = `options.${option.name}`;

  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelOf(option.name);

  let input;
  if (option.kind === 'boolean') {
    input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = option.default_value === 'true';
  } else if (option.kind === 'choice') {
    input = document.createElement('select');
    for (const choice of option.choices) {
      const item = document.createElement('option');
      item.value = choice;
      item.textContent = choice;
      input.append(item);
    }
    input.value = option.default_value;
  } else {
    input = document.createElement('input');
    if (option.kind === 'integer' || option.kind === 'number') {
      input.type = isSlider(option) ? 'range' : 'number';
      input.step = option.kind === 'integer' ? '1' : isSlider(option) ? '0.05' : 'any';
      if (option.min !== null) input.min = String(option.min);
      if (option.max !== null) input.max = String(option.max);
      input.inputMode = option.kind === 'integer' ? 'numeric' : 'decimal';
    } else {
      input.type = 'text';
      if (option.kind === 'list') input.placeholder = 'e.g. 1,3';
    }
    input.value = option.default_value;
  }
  input.id = id;
  input.name = option.name;
  input.dataset.kind = option.kind;
  input.dataset.default = option.default_value;

  const help = document.createElement('p');
  help.className = 'hint';
  help.id = `${id}-help`;
  help.textContent = option.description;
  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = `${id}-error`;
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', `${help.id} ${error.id}`);

  if (option.kind === 'boolean') {
    wrapper.append(input, label, help, error);
  } else if (input.type === 'range') {
    const output = document.createElement('output');
    output.htmlFor = id;
    output.value = input.value;
    input.addEventListener('input', () => { output.value = input.value; });
    const row = document.createElement('div');
    row.className = 'slider-row';
    row.append(input, output);
    wrapper.append(label, row, help, error);
  } else {
    wrapper.append(label, input, help, error);
  }
  return wrapper;
}

/** Replaces a container's controls with controls for `options`. */
export function renderInto(options, container) {
  container.querySelectorAll('.control').forEach((control) => control.remove());
  for (const option of options) {
    container.append(createControl(option));
  }
}

/** Replaces the controls with those of `method`. */
export function render(method, mainContainer, moreContainer) {
  for (const container of [mainContainer, moreContainer]) {
    container.querySelectorAll('.control').forEach((control) => control.remove());
  }
  for (const option of method.options) {
    (option.main ? mainContainer : moreContainer).append(createControl(option));
  }
  moreContainer.closest('details').hidden = !method.options.some((option) => !option.main);
}

/** Hides or shows the controls of the options named (another part of the page sets them instead). */
export function setHidden(container, names, hidden) {
  for (const name of names) {
    const input = container.querySelector(`#${CSS.escape(controlId(name))}`);
    if (input) input.closest('.control').hidden = hidden;
  }
}

/** The options whose values differ from their defaults, as JSON values; hidden controls are left out. */
export function collect(container) {
  const options = {};
  for (const input of container.querySelectorAll('[data-kind]')) {
    if (input.closest('.control').hidden) continue;
    const kind = input.dataset.kind;
    const text = kind === 'boolean' ? String(input.checked) : input.value.trim();
    if (text === input.dataset.default || text === '') {
      continue;
    }
    if ((kind === 'integer' || kind === 'number') && Number.isFinite(Number(text))) {
      options[input.name] = Number(text);
    } else if (kind === 'boolean') {
      options[input.name] = input.checked;
    } else {
      options[input.name] = text;
    }
  }
  return options;
}

/** Sets controls from a job's options (text values). */
export function apply(container, options) {
  for (const [name, value] of Object.entries(options)) {
    const input = container.querySelector(`#${CSS.escape(controlId(name))}`);
    if (!input) continue;
    if (input.dataset.kind === 'boolean') {
      input.checked = value === 'true';
    } else {
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
  }
}
