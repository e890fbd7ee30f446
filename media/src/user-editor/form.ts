/**
 * FieldSpec → controls. One section per FieldSpec.group (identity, contact, organisation, security,
 * product), a labelled control per field, help text and inline messages under it.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { FieldGroup, FieldSpec, FieldValue } from '../../../src/model';
import { codicon, el, replaceChildren, uid } from './dom';
import { GROUP_ORDER, isBlank, type EditorModel } from './state';

/** Many options: the select gets a filter box. */
const COMBOBOX_THRESHOLD = 12;

export interface FieldView {
  spec: FieldSpec;
  /** The focusable control. */
  control: HTMLElement;
  row: HTMLElement;
  show(value: FieldValue | undefined): void;
  setProblems(messages: string[]): void;
  focus(): void;
}

export interface FormCallbacks {
  /** The user changed a field (input). */
  changed(key: string, value: FieldValue): void;
  /** The user left a field. */
  left(key: string): void;
}

export function groupTitle(group: FieldGroup, productTitle: string): string {
  switch (group) {
    case 'identity':
      return 'Identity';
    case 'contact':
      return 'Contact';
    case 'organisation':
      return 'Organisation';
    case 'security':
      return 'Security and sign-in';
    case 'product':
      return `${productTitle} specifics`;
  }
}

const GROUP_ICONS: Record<FieldGroup, string> = {
  identity: 'person',
  contact: 'mail',
  organisation: 'organization',
  security: 'shield',
  product: 'settings-gear',
};

/** Builds the form; returns its root and a view per visible field (keyed by FieldSpec.key). */
export function buildForm(model: EditorModel, productTitle: string, cb: FormCallbacks): { root: HTMLElement; views: Map<string, FieldView> } {
  const views = new Map<string, FieldView>();
  const root = el('div', { class: 'form', attrs: { role: 'group', 'aria-label': `${model.init.terms.user[0]?.toUpperCase() ?? ''}${model.init.terms.user.slice(1)} fields` } });
  const known = new Set<string>(GROUP_ORDER);
  const groups = [...GROUP_ORDER, ...new Set(model.fields.map((f) => f.group).filter((g) => !known.has(g)))];
  for (const group of groups) {
    const specs = model.fields.filter((f) => f.group === group);
    if (!specs.length) continue;
    const headingId = uid(`section-${group}`);
    const section = el(
      'section',
      { class: `form-section form-section-${group}`, attrs: { 'aria-labelledby': headingId } },
      el('h2', { class: 'section-title', attrs: { id: headingId } }, codicon(GROUP_ICONS[group] ?? 'symbol-field'), groupTitle(group, productTitle)),
    );
    const list = el('div', { class: 'fields' });
    for (const spec of specs) {
      const view = fieldView(spec, model, cb);
      views.set(spec.key, view);
      list.appendChild(view.row);
    }
    section.appendChild(list);
    root.appendChild(section);
  }
  return { root, views };
}

function fieldView(spec: FieldSpec, model: EditorModel, cb: FormCallbacks): FieldView {
  const id = uid(`field-${spec.key}`);
  const helpId = `${id}-help`;
  const messagesId = `${id}-messages`;
  const required = !!spec.required && !spec.readOnly && !(spec.type === 'password' && model.mode === 'edit');
  const help = spec.help ? el('div', { class: 'field-help', attrs: { id: helpId } }, spec.help) : null;
  const messages = el('div', { class: 'field-messages', attrs: { id: messagesId, 'aria-live': 'polite' } });
  const control = createControl(spec, model, id);
  control.dataset.key = spec.key;
  control.setAttribute('aria-describedby', [help ? helpId : '', messagesId].filter(Boolean).join(' '));
  if (required) control.setAttribute('aria-required', 'true');

  const label =
    spec.type === 'boolean' && !spec.readOnly
      ? el('span', { class: 'field-label-spacer', attrs: { 'aria-hidden': 'true' } })
      : el(
          'vscode-label',
          { class: 'field-label', attrs: { for: id, required } },
          spec.label,
          required ? el('span', { class: 'visually-hidden' }, ' (required)') : null,
        );
  const row = el(
    'div',
    { class: `field field-${spec.type}${spec.readOnly ? ' field-readonly' : ''}`, attrs: { 'data-field': spec.key } },
    label,
    el('div', { class: 'field-body' }, control, help, messages),
  );

  const view: FieldView = {
    spec,
    control,
    row,
    show: (value) => showValue(spec, control, value, model.mode),
    setProblems: (list) => {
      replaceChildren(messages, ...list.map((m) => el('div', { class: 'field-message' }, codicon('error'), el('span', {}, m))));
      row.classList.toggle('invalid', list.length > 0);
      if ('invalid' in control) (control as VscodeTextfield).invalid = list.length > 0;
      if (list.length) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
    focus: () => control.focus(),
  };

  if (!spec.readOnly) {
    const onInput = () => cb.changed(spec.key, readValue(spec, control));
    control.addEventListener(spec.type === 'boolean' || spec.type === 'enum' || spec.type === 'multi-enum' ? 'change' : 'input', onInput);
    if (spec.type !== 'boolean' && spec.type !== 'enum' && spec.type !== 'multi-enum') control.addEventListener('change', onInput);
    control.addEventListener('focusout', () => cb.left(spec.key));
  }
  view.show(model.current[spec.key]);
  return view;
}

function createControl(spec: FieldSpec, model: EditorModel, id: string): HTMLElement {
  if (spec.readOnly) {
    const field = el('vscode-textfield', { class: 'control readonly', attrs: { id, readonly: true } }) as VscodeTextfield;
    field.label = spec.label;
    return field;
  }
  switch (spec.type) {
    case 'boolean': {
      const box = el('vscode-checkbox', { class: 'control', attrs: { id } }) as VscodeCheckbox;
      box.label = spec.label;
      return box;
    }
    case 'enum': {
      const select = el('vscode-single-select', { class: 'control', attrs: { id, combobox: (spec.options?.length ?? 0) > COMBOBOX_THRESHOLD } }) as VscodeSingleSelect;
      fillOptions(select, spec, model.current[spec.key]);
      return select;
    }
    case 'multi-enum': {
      const select = el('vscode-multi-select', { class: 'control', attrs: { id, combobox: (spec.options?.length ?? 0) > COMBOBOX_THRESHOLD } }) as VscodeMultiSelect;
      fillOptions(select, spec, model.current[spec.key]);
      return select;
    }
    case 'text': {
      const area = el('vscode-textarea', { class: 'control', attrs: { id, rows: 3, resize: 'vertical' } }) as VscodeTextarea;
      if (spec.maxLength !== undefined) area.maxLength = spec.maxLength;
      if (spec.placeholder) area.placeholder = spec.placeholder;
      area.label = spec.label;
      return area;
    }
    default: {
      const field = el('vscode-textfield', { class: 'control', attrs: { id } }) as VscodeTextfield;
      field.type = spec.type === 'email' ? 'email' : spec.type === 'password' ? 'password' : spec.type === 'number' ? 'number' : spec.type === 'date' ? 'date' : 'text';
      field.autocomplete = spec.type === 'password' ? undefined : 'off';
      if (spec.type === 'password') field.setAttribute('autocomplete', 'new-password');
      if (spec.maxLength !== undefined) field.maxLength = spec.maxLength;
      if (spec.placeholder) field.placeholder = spec.placeholder;
      field.label = spec.label;
      return field;
    }
  }
}

/** Options as <vscode-option> children (labels as text). A blank choice is added when the value is blank and no option is. */
function fillOptions(select: HTMLElement, spec: FieldSpec, value: FieldValue | undefined): void {
  const options = [...(spec.options ?? [])];
  if (spec.type === 'enum') {
    const v = isBlank(value) ? '' : String(value);
    if (v === '' && !options.some((o) => o.value === '')) options.unshift({ value: '', label: spec.required ? `Choose ${spec.label.toLowerCase()}…` : '—' });
    // A value the list does not offer (stale reference) is still shown rather than silently replaced.
    if (v !== '' && !options.some((o) => o.value === v)) options.push({ value: v, label: `${v} (not in the list)` });
  }
  // `selected` on the option itself: a value set before the element has read its options is kept only
  // when it is not blank, so a blank value would otherwise show as no choice at all.
  const chosen = new Set((Array.isArray(value) ? value : [isBlank(value) ? '' : value]).map(String));
  for (const o of options) select.appendChild(el('vscode-option', { attrs: { value: o.value, selected: chosen.has(o.value) } }, o.label));
}

function showValue(spec: FieldSpec, control: HTMLElement, value: FieldValue | undefined, mode: 'create' | 'edit'): void {
  if (spec.readOnly) {
    (control as VscodeTextfield).value = displayText(spec, value);
    return;
  }
  switch (spec.type) {
    case 'boolean': {
      const box = control as VscodeCheckbox;
      box.checked = value === true;
      // Creating, with no value from the host: the product's default applies unless the user decides
      // (ITSM-NG creates active users, Snipe-IT users who cannot log in). Shown as "mixed", not as "off".
      box.indeterminate = mode === 'create' && (value === undefined || value === null);
      if (box.indeterminate) box.title = 'Not set: the product default applies';
      else box.removeAttribute('title');
      return;
    }
    case 'enum':
      (control as VscodeSingleSelect).value = isBlank(value) ? '' : String(value);
      return;
    case 'multi-enum':
      (control as VscodeMultiSelect).value = Array.isArray(value) ? value.map(String) : [];
      return;
    case 'password':
      // Never pre-filled: whatever arrives, the field starts empty.
      (control as VscodeTextfield).value = '';
      return;
    case 'text':
      (control as VscodeTextarea).value = isBlank(value) ? '' : String(value);
      return;
    default:
      (control as VscodeTextfield).value = isBlank(value) ? '' : String(value);
  }
}

/** The control's value as a FieldValue (numbers as numbers once they parse). */
export function readValue(spec: FieldSpec, control: HTMLElement): FieldValue {
  switch (spec.type) {
    case 'boolean':
      return (control as VscodeCheckbox).checked;
    case 'enum':
      return (control as VscodeSingleSelect).value;
    case 'multi-enum':
      return [...(control as VscodeMultiSelect).value];
    case 'text':
      return (control as VscodeTextarea).value;
    case 'number': {
      const raw = (control as VscodeTextfield).value.trim();
      if (raw === '') return null;
      return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    }
    default:
      return (control as VscodeTextfield).value;
  }
}

/** How a read-only value reads. */
function displayText(spec: FieldSpec, value: FieldValue | undefined): string {
  if (isBlank(value)) return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const label = (v: string) => spec.options?.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join(', ');
  return label(String(value));
}
