import type { ItemType } from './context.js';
import { documentItemType, entityType, groupType, locationType, profileType, userCategoryType, userTitleType } from './dropdowns.js';
import { logType } from './logs.js';
import { groupUserType, profileUserType, userEmailType } from './relations.js';
import { userType } from './users.js';

/**
 * The itemtypes the mock serves. Class names are case-insensitive in the product (PHP), and the
 * answers use the class's own spelling.
 */
export const ITEMTYPES: readonly ItemType[] = [
  userType,
  groupType,
  profileType,
  entityType,
  locationType,
  userTitleType,
  userCategoryType,
  userEmailType,
  profileUserType,
  groupUserType,
  logType,
  documentItemType,
];

const BY_NAME = new Map(ITEMTYPES.map((t) => [t.name.toLowerCase(), t]));

export function itemtype(name: string): ItemType | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The foreign key naming an itemtype (`User` → `users_id`), from its table name. */
export function foreignKeyOf(type: ItemType): string {
  return `${type.table.replace(/^glpi_/, '')}_id`;
}
