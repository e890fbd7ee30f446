/**
 * A tiny element builder. Data only ever becomes text nodes, `textContent` or attribute values set
 * with setAttribute — never markup: there is no innerHTML anywhere in the editor.
 */

export type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  class?: string;
  /** Attributes, set with setAttribute (true → empty attribute, false/undefined → omitted). */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Properties assigned directly (for custom elements: value, label, checked…). */
  props?: Record<string, unknown>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    // Event handler and style attributes are refused outright: they would be code, and the CSP blocks them anyway.
    if (/^on/i.test(name) || name.toLowerCase() === 'style') throw new Error(`el(): attribute ${name} is not allowed`);
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.props ?? {})) (node as unknown as Record<string, unknown>)[name] = value;
  for (const [type, handler] of Object.entries(props.on ?? {})) node.addEventListener(type, handler as EventListener);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces all children (textual children become text nodes). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A codicon glyph (decorative). */
export function codicon(name: string, extraClass = ''): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name} ${extraClass}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

let counter = 0;
/** A document-unique id with a readable prefix. Field keys are sanitized: they come from the product. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}-${counter}`;
}
