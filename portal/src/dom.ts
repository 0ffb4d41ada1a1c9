/** A tiny element builder: text is always set as text, never parsed as HTML. */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children.flat());
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag: string, attributes: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

/** Renders a page, unless the reader has moved on to another page meanwhile. */
export type Show = (title: string, ...content: (Child | Child[])[]) => void;

/** Replaces the page content and moves focus to it, so keyboard and screen-reader users land on the new page. */
export function render(title: string, ...content: (Child | Child[])[]): HTMLElement {
  const main = document.getElementById('main')!;
  main.replaceChildren();
  append(main, [h('h1', {}, title), ...content.flat()]);
  document.title = `${title} · Campus app support`;
  main.focus();
  return main;
}

/** A labelled field with a place for its error, found again by `fieldError(name)`. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = control.id || `f-${control.name.replace(/\./g, '-')}`;
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  control.setAttribute('aria-describedby', `${hint ? `${hintId} ` : ''}${errorId}`);
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, control, h('p', { class: 'error', id: errorId, role: 'alert', 'data-error-for': control.name }));
}

export function clearErrors(form: HTMLElement): void {
  for (const element of form.querySelectorAll<HTMLElement>('[data-error-for]')) element.textContent = '';
}

/** Puts each API field error next to its field, the rest in the form's general error. */
export function showErrors(form: HTMLElement, problem: { detail?: string; errors?: { field: string; message: string }[] }): void {
  clearErrors(form);
  const general = form.querySelector<HTMLElement>('[data-error-for="form"]');
  const unplaced: string[] = [];
  for (const error of problem.errors ?? []) {
    const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(error.field)}"]`);
    if (slot) slot.textContent = error.message;
    else unplaced.push(`${error.field || 'request'}: ${error.message}`);
  }
  if (general) general.textContent = unplaced.length > 0 || !problem.errors ? [problem.detail, ...unplaced].filter(Boolean).join(' ') : '';
}
