/** Snipe-IT's fixed texts and settings of a fresh install (v8.1 language files and config). */

/** `config('app.max_results')`: the default and largest `limit`. */
export const MAX_RESULTS = 500;

/** Users and groups `available_actions`/permissions are evaluated against these sections. */
export const PERMISSION_KEYS = [
  'superuser', 'admin', 'import', 'reports.view',
  'assets.view', 'assets.create', 'assets.edit', 'assets.delete', 'assets.checkin', 'assets.checkout', 'assets.audit',
  'assets.view.requestable', 'assets.view.encrypted_custom_fields',
  'accessories.view', 'accessories.create', 'accessories.edit', 'accessories.delete', 'accessories.checkout', 'accessories.checkin', 'accessories.files',
  'consumables.view', 'consumables.create', 'consumables.edit', 'consumables.delete', 'consumables.checkout', 'consumables.files',
  'licenses.view', 'licenses.create', 'licenses.edit', 'licenses.delete', 'licenses.checkout', 'licenses.keys', 'licenses.files',
  'components.view', 'components.create', 'components.edit', 'components.delete', 'components.checkout', 'components.checkin', 'components.files',
  'kits.view', 'kits.create', 'kits.edit', 'kits.delete',
  'users.view', 'users.create', 'users.edit', 'users.delete',
  'models.view', 'models.create', 'models.edit', 'models.delete',
  'categories.view', 'categories.create', 'categories.edit', 'categories.delete',
  'departments.view', 'departments.create', 'departments.edit', 'departments.delete',
  'statuslabels.view', 'statuslabels.create', 'statuslabels.edit', 'statuslabels.delete',
  'customfields.view', 'customfields.create', 'customfields.edit', 'customfields.delete',
  'suppliers.view', 'suppliers.create', 'suppliers.edit', 'suppliers.delete',
  'manufacturers.view', 'manufacturers.create', 'manufacturers.edit', 'manufacturers.delete',
  'depreciations.view', 'depreciations.create', 'depreciations.edit', 'depreciations.delete',
  'locations.view', 'locations.create', 'locations.edit', 'locations.delete',
  'companies.view', 'companies.create', 'companies.edit', 'companies.delete',
  'self.two_factor', 'self.api', 'self.edit_location', 'self.checkout_assets', 'self.view_purchase_cost',
] as const;

export const MSG = {
  unauthenticated: 'Unauthorized or unauthenticated.',
  unauthorized: 'This action is unauthorized.',
  serverError: 'Server Error',
  endpointNotFound: '404 endpoint not found',
  fallbackNotFound:
    '404 endpoint not found. Please check the API reference at https://snipe-it.readme.io/reference to find a valid API endpoint.',
  baseNotFound:
    '404 endpoint not found. This is the base URL for the API and does not return anything itself. Please check the API reference at https://snipe-it.readme.io/reference to find a valid API endpoint.',
  methodNotAllowed: 'Method not allowed',
  tooManyRequests: 'Too many requests',
  userNotFound: 'User does not exist or you do not have permission view them.',
  userCreated: 'User was successfully created.',
  userUpdated: 'User was successfully updated.',
  userDeleted: 'User was successfully deleted.',
  userRestored: 'User was successfully restored.',
  userNotDeleted: 'The User was not deleted and therefore cannot be restored',
  ownManager: 'You cannot be your own manager',
  noEmail: 'This user has no email set.',
  inventoryMailed: 'The user has been notified about their current inventory.',
  twoFactorReset: 'Two factor device successfully reset',
  twoFactorResetFailed: 'Two factor device reset failed',
  noIdProvided: 'No ID provided',
  deleteSelf: 'We would feel really bad if you deleted yourself, please reconsider.',
  deletedWarning: 'This user has been deleted. You will have to restore this user to edit them or assign them new assets.',
  groupCreated: 'Group was successfully created.',
  groupUpdated: 'Group was successfully updated.',
  /** The language file has no `delete.success`, so the key itself is answered. */
  groupDeleted: 'admin/groups/message.delete.success',
} as const;

/** `trans_choice` of the DeleteUserRequest messages: [one, many with :count]. */
export const DELETE_REFUSALS = {
  managed_users: ['This user still manages another user. Please select another manager for that user first.', 'This user still manages :count users. Please select another manager for them first.'],
  managed_locations: ['This user still manages a location. Please select another manager first.', 'This user still manages :count locations. Please select another manager first.'],
  assigned_assets: ['This user still has an asset assigned. Please check it in first.', 'This user still has :count assets assigned. Please check their assets in first.'],
  assigned_licenses: ['This user still has a license seats assigned. Please check it in first.', 'This user still has :count license seats assigned. Please check them in first.'],
  assigned_accessories: ['This user still has an accessory assigned. Please check it in first.', 'This user still has :count accessories assigned. Please check their assets in first.'],
} as const;

/** What the login page redirect and web-route redirects point at, below the product root. */
export const LOGIN_PATH = '/login';

/**
 * Requests per minute and token before a 429. Snipe-IT's default is 120; the mock's default is
 * generous so benchmarks and test suites are not throttled. Set it with this environment variable.
 */
export const THROTTLE_ENV = 'USER_DIRECTORY_MOCK_SNIPE_IT_API_THROTTLE_PER_MINUTE';
export const DEFAULT_THROTTLE_PER_MINUTE = 100_000;
