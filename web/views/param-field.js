// A labelled number field for a course panel's parameter (the inhib and stability panels):
// its label, its unit and range, a one-line help tied to the input (aria-describedby), and
// a check that the typed value is a number in range before anything is sent to the engine.
import { el } from './dom.js';

/**
 * @param {{id: string, label: string, unit?: string, min: number, max: number, step: number, help: string}} f
 * @param {(value: number) => void} onValue  a valid value the user entered
 * @param {(text: string) => void} onRefused  why a value was refused (the caller restores the field)
 * @returns {{row: HTMLElement, input: HTMLInputElement}}
 */
export function paramField(f, onValue, onRefused) {
  const helpId = `${f.id}-help`;
  const input = el('input', {
    type: 'number', id: f.id, min: String(f.min), max: String(f.max), step: String(f.step), inputMode: 'decimal',
    'aria-describedby': helpId,
  });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v) || v < f.min || v > f.max) {
      onRefused(`${f.label}: "${input.value}" is not a number from ${f.min} to ${f.max}.`);
      return;
    }
    onValue(v);
  });
  const range = `${f.unit ? `${f.unit}, ` : ''}${f.min}–${f.max}`;
  const row = el('div', { className: 'neuron-field param-field' },
    el('label', { htmlFor: f.id }, f.label, el('span', { className: 'param-range', textContent: ` (${range})` })),
    input,
    el('small', { id: helpId, className: 'param-help', textContent: f.help }));
  return { row, input };
}
