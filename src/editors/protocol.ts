/**
 * The messages between a user editor panel (extension host) and its webview (media/src/user-editor).
 * Both sides import this module; it holds types and pure helpers only (no vscode, no DOM).
 */
import type { Capabilities, FieldSpec, FieldValues, HeldItems, Membership, MembershipKind, ProductId, ProductTerms, UserState } from '../model';

export type EditorMode = 'create' | 'edit';

/** What the panel shows about the user besides the form. */
export interface EditorUser {
  id: string;
  login: string;
  displayName: string;
  state: UserState;
  version: string;
}

export interface EditorError {
  /** Readable message, with the product's own code when there is one. */
  message: string;
  status?: number;
  code?: string;
  /** Messages per field key, shown under the fields. */
  fields?: Record<string, string[]>;
}

/** Host → webview. */
export type HostMessage =
  | {
      type: 'init';
      mode: EditorMode;
      /** What the webview keeps with setState({ panel }) so the panel can be restored after a reload. */
      panel: EditorPanelState;
      product: ProductId;
      productTitle: string;
      connectionLabel: string;
      terms: ProductTerms;
      capabilities: Capabilities;
      fields: FieldSpec[];
      values: FieldValues;
      user?: EditorUser;
      memberships?: Membership[];
      heldItems?: HeldItems[];
      /** data: URI of the user's picture, when the product has one. */
      picture?: string;
    }
  | { type: 'busy'; what: string | undefined }
  | { type: 'saved'; values: FieldValues; user: EditorUser; message: string }
  | { type: 'saveFailed'; error: EditorError }
  /** The record changed on the server since it was loaded. */
  | { type: 'conflict'; serverValues: FieldValues; serverVersion: string }
  | { type: 'memberships'; memberships: Membership[] }
  | { type: 'notice'; message: string; level: 'info' | 'warning' | 'error' };

export type EditorAction =
  | 'delete'
  | 'purge'
  | 'restore'
  | 'enable'
  | 'disable'
  | 'changeToTechnician'
  | 'copyJson'
  | 'openInWebUi';

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** Edit mode: only changed fields; `baseVersion` is the version the edits started from. */
  | { type: 'save'; changes: FieldValues; baseVersion: string; overwrite: boolean }
  | { type: 'create'; values: FieldValues }
  | { type: 'reload' }
  | { type: 'dirty'; dirty: boolean }
  | { type: 'addMembership'; kind: MembershipKind }
  | { type: 'removeMembership'; membership: Membership }
  | { type: 'action'; action: EditorAction };

/** What a serialized panel remembers, to be restored after a window reload. */
export interface EditorPanelState {
  connectionId: string;
  /** Absent in create mode. */
  userId?: string;
}

/** The fields whose value differs from the original (what a save sends). */
export function changedFields(original: FieldValues, current: FieldValues): FieldValues {
  const changes: FieldValues = {};
  for (const [key, value] of Object.entries(current)) {
    if (!sameValue(original[key], value)) changes[key] = value;
  }
  return changes;
}

export function sameValue(a: FieldValues[string] | undefined, b: FieldValues[string] | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? [...a].sort() : [];
    const y = Array.isArray(b) ? [...b].sort() : [];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  const blank = (v: unknown) => v === undefined || v === null || v === '';
  return (blank(a) && blank(b)) || a === b;
}

/**
 * Checks a value against its field spec the way the product would (required, length, pattern,
 * confirmation); returns the messages for that field.
 */
export function validateField(spec: FieldSpec, value: FieldValues[string] | undefined, all: FieldValues, mode: EditorMode): string[] {
  if (spec.readOnly || (spec.only && spec.only !== mode)) return [];
  const problems: string[] = [];
  const blank = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (blank) {
    if (spec.required && !(spec.type === 'password' && mode === 'edit')) problems.push(`${spec.label} is required.`);
    if (spec.sameAs && !isBlank(all[spec.sameAs])) problems.push(`${spec.label} must match.`);
    return problems;
  }
  if (typeof value === 'string') {
    if (spec.minLength !== undefined && value.length < spec.minLength) problems.push(`${spec.label} must be at least ${spec.minLength} characters.`);
    if (spec.maxLength !== undefined && value.length > spec.maxLength) problems.push(`${spec.label} must be at most ${spec.maxLength} characters.`);
    if (spec.pattern && !new RegExp(spec.pattern.source, 'u').test(value)) problems.push(spec.pattern.message);
    if (spec.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) problems.push(`${spec.label} is not a valid e-mail address.`);
    if (spec.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) problems.push(`${spec.label} must be a number.`);
  }
  if (spec.options && spec.type === 'enum' && typeof value === 'string' && !spec.options.some((o) => o.value === value)) {
    problems.push(`${spec.label}: choose one of the listed values.`);
  }
  if (spec.sameAs && value !== all[spec.sameAs]) problems.push(`${spec.label} must match.`);
  return problems;
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}
