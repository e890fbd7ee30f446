import type {
  Capabilities,
  FieldSpec,
  FieldValues,
  Group,
  HeldItems,
  Membership,
  MembershipKind,
  Page,
  PageQuery,
  ProductId,
  ProductTerms,
  Profile,
  User,
} from '../model';
import { BackendError } from './backend-error';
import type { HttpClient } from './http';
import type { Redactor } from './redactor';

/** A configured connection, as the backend needs it (no secrets). */
export interface ConnectionInfo {
  id: string;
  label: string;
  product: ProductId;
  /** The product's API base, e.g. `https://glpi.example.com/apirest.php`. */
  baseUrl: string;
  username?: string;
  rejectUnauthorized: boolean;
  /** ServiceDesk Plus: `authtoken` (on-premises) or `oauth` (cloud). */
  authMode?: 'authtoken' | 'oauth';
  /** privacyIDEA: the realm to sign in to (empty: the default realm / local admin). */
  realm?: string;
}

/** What SecretStorage holds for a connection. Never logged, never shown. */
export interface ConnectionSecrets {
  password?: string;
  /** Snipe-IT bearer token, ServiceDesk Plus authtoken/oauth token, ITSM-NG user_token. */
  token?: string;
  /** ITSM-NG App-Token. */
  appToken?: string;
}

export interface BackendContext {
  connection: ConnectionInfo;
  secrets: ConnectionSecrets;
  http: HttpClient;
  redactor: Redactor;
}

export interface UserFieldOptions {
  mode: 'create' | 'edit';
  signal?: AbortSignal;
}

/**
 * The one interface the tree, editors and commands use to reach a product. One implementation per
 * product maps its wire format to the neutral model; `capabilities` says what the UI may offer.
 */
export interface DirectoryBackend {
  readonly product: ProductId;
  readonly terms: ProductTerms;
  readonly capabilities: Capabilities;

  /** Signs in where the product has sessions and reads something small; a one-line summary. */
  testConnection(signal?: AbortSignal): Promise<string>;

  listUsers(query: PageQuery): Promise<Page<User>>;
  getUser(id: string, signal?: AbortSignal): Promise<User>;
  /** The editor's form for this product (options of enums may be read from the server). */
  userFields(options: UserFieldOptions): Promise<FieldSpec[]>;
  createUser(values: FieldValues, signal?: AbortSignal): Promise<User>;
  /** Sends only `changes`; answers the user as the server now has it. */
  updateUser(id: string, changes: FieldValues, signal?: AbortSignal): Promise<User>;
  /** `purge` removes for good where the product distinguishes trash from purge. */
  deleteUser(id: string, options: { purge: boolean }, signal?: AbortSignal): Promise<void>;
  restoreUser(id: string, signal?: AbortSignal): Promise<void>;
  setUserActive(id: string, active: boolean, signal?: AbortSignal): Promise<User>;

  listGroups(query: PageQuery): Promise<Page<Group>>;
  listGroupMembers(groupId: string, query: PageQuery): Promise<Page<User>>;
  listProfiles(query: PageQuery): Promise<Page<Profile>>;
  listProfileMembers(profileId: string, query: PageQuery): Promise<Page<User>>;

  userMemberships(userId: string, signal?: AbortSignal): Promise<Membership[]>;
  /** Extra choices when adding a membership of this kind (ITSM-NG entity, recursion); often none. */
  membershipOptions(kind: MembershipKind, signal?: AbortSignal): Promise<FieldSpec[]>;
  addMembership(userId: string, kind: MembershipKind, targetId: string, options: FieldValues, signal?: AbortSignal): Promise<void>;
  removeMembership(userId: string, membership: Membership, signal?: AbortSignal): Promise<void>;

  /** Snipe-IT: assets, licenses, accessories checked out to the user. */
  heldItems(userId: string, signal?: AbortSignal): Promise<HeldItems[]>;
  /** ServiceDesk Plus: the form for "Change to technician". */
  technicianFields(signal?: AbortSignal): Promise<FieldSpec[]>;
  changeToTechnician(userId: string, values: FieldValues, signal?: AbortSignal): Promise<User>;
  /** ITSM-NG: the user's picture, or undefined when there is none. */
  picture(userId: string, signal?: AbortSignal): Promise<{ mime: string; data: Uint8Array } | undefined>;

  /** Where this item is in the product's own web UI, if it has one we can point to. */
  webUrl(kind: 'user' | 'group' | 'profile', id: string): string | undefined;

  /** Ends the session, if any (ITSM-NG killSession). */
  dispose(): Promise<void>;
}

/** For operations a product does not have (the UI hides them; a direct call says so). */
export function unsupported(productTitle: string, what: string): never {
  throw new BackendError('protocol', `${productTitle} has no ${what}`);
}
