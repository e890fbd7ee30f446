import type { ConnectionInfo } from '../backends/directory-backend';
import type { BackendError } from '../backends/backend-error';
import type { Group, Membership, MembershipKind, Profile, User } from '../model';

/** What the tree holds. Every node carries its connection, so commands can act on it directly. */
export type CategoryKind = 'users' | 'trash' | 'groups' | 'profiles';

export interface ConnectionNode {
  kind: 'connection';
  id: string;
  connection: ConnectionInfo;
}

export interface CategoryNode {
  kind: 'category';
  id: string;
  connection: ConnectionInfo;
  category: CategoryKind;
}

export interface SearchFilterNode {
  kind: 'search-filter';
  id: string;
  connection: ConnectionInfo;
  text: string;
  total?: number;
}

export interface UserNode {
  kind: 'user';
  id: string;
  connection: ConnectionInfo;
  user: User;
}

/** "Groups" / "Profiles" under a user: the user's memberships of that kind. */
export interface UserMembershipsNode {
  kind: 'user-memberships';
  id: string;
  connection: ConnectionInfo;
  userId: string;
  membershipKind: MembershipKind;
}

export interface MembershipNode {
  kind: 'membership';
  id: string;
  connection: ConnectionInfo;
  userId: string;
  membership: Membership;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  connection: ConnectionInfo;
  group: Group;
}

export interface ProfileNode {
  kind: 'profile';
  id: string;
  connection: ConnectionInfo;
  profile: Profile;
}

/** Fetches the next page of the list its parent shows. */
export interface LoadMoreNode {
  kind: 'load-more';
  id: string;
  connection: ConnectionInfo;
  parent: ListParent;
  loaded: number;
  total?: number;
}

/** Loading, empty and error states of a list. */
export interface MessageNode {
  kind: 'message';
  id: string;
  connection: ConnectionInfo;
  parent: ListParent;
  text: string;
  tone: 'info' | 'error';
  error?: BackendError;
}

/** Nodes whose children are a paged list fetched from a product. */
export type ListParent = CategoryNode | GroupNode | ProfileNode | UserMembershipsNode;

export type TreeNode =
  | ConnectionNode
  | CategoryNode
  | SearchFilterNode
  | UserNode
  | UserMembershipsNode
  | MembershipNode
  | GroupNode
  | ProfileNode
  | LoadMoreNode
  | MessageNode;

export type ItemNode = UserNode | GroupNode | ProfileNode;

export function isItemNode(node: unknown): node is ItemNode {
  const k = (node as TreeNode | undefined)?.kind;
  return k === 'user' || k === 'group' || k === 'profile';
}
