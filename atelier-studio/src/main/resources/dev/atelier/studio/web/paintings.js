// A network trained on several paintings (Dumoulin et al.): which of them to paint with, or a blend
// with one slider per painting. It sets the method's own options, style-index and style-weights; the
// studio checks them as it checks every option (weights non-negative, one per painting, not all 0).

const $ = (id) => document.getElementById(id);
const BLEND = 'blend';

/** The options this chooser sets, which the page's generic controls then leave alone. */
export const OPTIONS = ['style-index', 'style-weights'];

/** "0.5" for 0.5, "1" for 1: a weight as the slider shows it. */
function weightText(value) {
  return String(Math.round(Number(value) * 100) / 100);
}

export class PaintingChooser {
  constructor() {
    this.names = [];
    $('painting-choice').addEventListener('change', () => this.showSliders());
  }

  /** Shows the choice for a network of `names`; hides it for a network of one (fewer than 2 names). */
  show(names) {
    this.names = names && names.length >= 2 ? names : [];
    $('paintings-field').hidden = this.names.length === 0;
    $('paintings-error').textContent = '';
    const choices = this.names.map((name, index) => {
      const item = document.createElement('option');
      item.value = String(index + 1);
      item.textContent = name;
      return item;
    });
    const blend = document.createElement('option');
    blend.value = BLEND;
    blend.textContent = 'A blend of them';
    $('painting-choice').replaceChildren(...choices, blend);
    $('blend-sliders').replaceChildren(...this.names.map((name, index) => this.slider(name, index + 1)));
    this.showSliders();
  }

  hide() {
    this.show([]);
  }

  /** Whether a network of several paintings is chosen. */
  active() {
    return this.names.length >= 2;
  }

  slider(name, n) {
    const id = `blend-${n}`;
    const wrapper = document.createElement('div');
    wrapper.className = 'control';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = name;
    const input = document.createElement('input');
    input.type = 'range';
    input.id = id;
    input.min = '0';
    input.max = '1';
    input.step = '0.05';
    input.value = '1';
    input.dataset.weight = String(n);
    const output = document.createElement('output');
    output.htmlFor = id;
    output.value = weightText(input.value);
    input.addEventListener('input', () => { output.value = weightText(input.value); });
    const row = document.createElement('div');
    row.className = 'slider-row';
    row.append(input, output);
    wrapper.append(label, row);
    return wrapper;
  }

  showSliders() {
    const blending = $('painting-choice').value === BLEND;
    $('blend-sliders').hidden = !blending;
    $('painting-hint').textContent = blending
      ? 'How much of each painting: the weights are scaled to add up to 1.'
      : 'One of the paintings it learnt, or a blend of them.';
  }

  /** The options to submit: the painting's number, or one weight per painting. */
  options() {
    if (!this.active()) return {};
    const choice = $('painting-choice').value;
    if (choice !== BLEND) return { 'style-index': Number(choice) };
    const weights = Array.from($('blend-sliders').querySelectorAll('input[data-weight]'))
      .map((input) => Number(weightText(input.value)));
    return { 'style-weights': weights };
  }

  /** Sets the choice from a job's options (text values, as the API gives them). */
  apply(options) {
    if (!this.active()) return;
    if (options['style-weights']) {
      const weights = String(options['style-weights']).split(',');
      $('painting-choice').value = BLEND;
      $('blend-sliders').querySelectorAll('input[data-weight]').forEach((input, index) => {
        if (index < weights.length) {
          input.value = weights[index].trim();
          input.dispatchEvent(new Event('input'));
        }
      });
    } else {
      $('painting-choice').value = options['style-index'] || '1';
    }
    this.showSliders();
  }
}
