/**
 * The product-neutral directory model. Backends map each product's wire format to these types; the
 * tree, the editors and the commands only ever see these.
 */

export type ProductId = 'itsm-ng' | 'foreman' | 'snipe-it' | 'servicedesk-plus' | 'privacyidea';

export const PRODUCT_IDS: readonly ProductId[] = ['itsm-ng', 'foreman', 'snipe-it', 'servicedesk-plus', 'privacyidea'];

export const PRODUCT_TITLES: Record<ProductId, string> = {
  'itsm-ng': 'ITSM-NG',
  foreman: 'Foreman',
  'snipe-it': 'Snipe-IT',
  'servicedesk-plus': 'ServiceDesk Plus',
  privacyidea: 'privacyIDEA',
};

/** A field value as the editor handles it. References hold the referenced id (as a string). */
export type FieldValue = string | number | boolean | null | string[];
export type FieldValues = Record<string, FieldValue>;

export interface UserState {
  active: boolean;
  /** In the trash / soft-deleted (still readable, restorable). */
  deleted: boolean;
  admin: boolean;
  technician: boolean;
}

export interface User {
  /** The product's id for the user, as a string (privacyIDEA: `resolver/login`). */
  id: string;
  login: string;
  displayName: string;
  email?: string;
  state: UserState;
  /** Editable values keyed by FieldSpec.key. */
  fields: FieldValues;
  /** A short extra line (job title, department…). */
  detail?: string;
  /** Changes whenever the record changes on the server (a timestamp, or a hash of the record). */
  version: string;
  /** The product's own JSON for this user, as received. */
  raw: unknown;
}

export interface Group {
  id: string;
  name: string;
  description?: string;
  memberCount?: number;
  raw: unknown;
}

/** A profile, role or realm: whatever the product calls the thing that grants rights. */
export interface Profile {
  id: string;
  name: string;
  description?: string;
  memberCount?: number;
  raw: unknown;
}

export interface Page<T> {
  items: T[];
  /** Total across all pages, when the product says. */
  total?: number;
  /** Opaque; present when more items follow. */
  nextCursor?: string;
}

export interface PageQuery {
  cursor?: string;
  pageSize: number;
  /** Free text; each backend turns it into its product's own search syntax. */
  search?: string;
  /** Users in the trash instead (products with `capabilities.trash`). */
  deleted?: boolean;
  signal?: AbortSignal;
}

export type MembershipKind = 'group' | 'profile';

/** A user's place in a group or profile. */
export interface Membership {
  kind: MembershipKind;
  /** Id of the link itself where the product has one (ITSM-NG Group_User id), else the target id. */
  id: string;
  targetId: string;
  targetName: string;
  /** Product detail such as "Root entity (recursive)". */
  detail?: string;
  /** False when the product shows it but won't let it be changed here (privacyIDEA realms). */
  removable: boolean;
}

/** Extra choices a product needs when adding a membership (ITSM-NG entity and recursion). */
export interface MembershipOptionSpec {
  fields: FieldSpec[];
}

export type FieldType = 'string' | 'email' | 'password' | 'boolean' | 'number' | 'enum' | 'multi-enum' | 'text' | 'date';

export type FieldGroup = 'identity' | 'contact' | 'organisation' | 'security' | 'product';

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  group: FieldGroup;
  required?: boolean;
  readOnly?: boolean;
  /** Shown only when creating (e.g. the auth source), or only when editing. */
  only?: 'create' | 'edit';
  options?: FieldOption[];
  help?: string;
  maxLength?: number;
  minLength?: number;
  /** A regular expression (source text) the value must match, with the product's message. */
  pattern?: { source: string; message: string };
  /** Must equal the value of this other field (password confirmation). */
  sameAs?: string;
  /** The value a new user starts with in create mode (the product's default). */
  default?: FieldValue;
  placeholder?: string;
}

export interface ProductTerms {
  users: string;
  /** Where deleted users wait to be restored ("Trash", "Deleted users"). */
  trash?: string;
  groups?: string;
  profiles?: string;
  /** Singulars, for messages and menus. */
  user: string;
  group?: string;
  profile?: string;
  /** How the search box interprets text, shown as its placeholder. */
  searchHint: string;
}

export interface Capabilities {
  createUser: boolean;
  updateUser: boolean;
  deleteUser: boolean;
  /** Delete moves to a trash the user can be restored from. */
  trash: boolean;
  /** Delete can also remove for good. */
  purge: boolean;
  restore: boolean;
  enableDisable: boolean;
  groups: boolean;
  profiles: boolean;
  editGroupMembership: boolean;
  editProfileMembership: boolean;
  /** ServiceDesk Plus "Change to technician". */
  changeToTechnician: boolean;
  /** Snipe-IT assets, licenses, accessories. */
  checkedOutItems: boolean;
  /** ITSM-NG picture. */
  picture: boolean;
}

/** A list of items a user holds in the product (Snipe-IT assets…), for read-only display. */
export interface HeldItems {
  title: string;
  columns: string[];
  rows: string[][];
}
