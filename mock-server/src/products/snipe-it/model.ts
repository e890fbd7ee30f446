import type { ProductDb } from '../../store/product-db.js';
import type { GroupIndex, Table, UniqueIndex } from '../../store/table.js';
import { fold } from './php.js';

/** A permission map as `decodePermissions()` returns it: section → 1 (grant), 0 (inherit), -1 (deny). */
export type Permissions = Record<string, number>;

/** The meta key of the seeded people's shared password hash. */
export const SEED_PASSWORD_META = 'seedPassword';

/**
 * A row of `users`. Only what varies is stored: absent optional columns are NULL, except `locale`
 * (absent = the column default `en-US`) and `autoassign_licenses` (absent = the default 1).
 */
export interface UserRow {
  readonly id: number;
  readonly first_name: string;
  readonly last_name?: string | null;
  readonly display_name?: string | null;
  readonly username: string;
  readonly email?: string | null;
  /**
   * A password hash, or Snipe-IT's "no password" marker for accounts created without one. Absent for
   * seeded people, who share one hash, kept once in the product's meta (`seedPassword`): a copy in each of
   * 100,000 rows was 12 MB of an 84 MB data file, read and parsed at every start.
   */
  readonly password?: string;
  readonly employee_num?: string | null;
  readonly jobtitle?: string | null;
  readonly phone?: string | null;
  readonly mobile?: string | null;
  readonly website?: string | null;
  readonly address?: string | null;
  readonly city?: string | null;
  readonly state?: string | null;
  readonly country?: string | null;
  readonly zip?: string | null;
  readonly notes?: string | null;
  readonly locale?: string | null;
  readonly avatar?: string | null;
  readonly company_id?: number | null;
  readonly department_id?: number | null;
  readonly location_id?: number | null;
  readonly manager_id?: number | null;
  readonly created_by?: number | null;
  readonly activated: number;
  readonly ldap_import?: number;
  readonly remote?: number;
  readonly vip?: number;
  readonly autoassign_licenses?: number;
  readonly permissions?: Permissions | null;
  /** Ids of the permission groups the user belongs to (the `users_groups` pivot), ascending. */
  readonly groups?: readonly number[];
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_login?: string | null;
  readonly start_date?: string | null;
  readonly end_date?: string | null;
  readonly deleted_at?: string | null;
}

export interface GroupRow {
  readonly id: number;
  readonly name: string;
  readonly permissions: Permissions | null;
  readonly notes?: string | null;
  readonly created_by?: number | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface CompanyRow {
  readonly id: number;
  readonly name: string;
  readonly phone?: string | null;
  readonly fax?: string | null;
  readonly email?: string | null;
  readonly notes?: string | null;
  readonly created_by?: number | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface DepartmentRow {
  readonly id: number;
  readonly name: string;
  readonly phone?: string | null;
  readonly fax?: string | null;
  readonly company_id?: number | null;
  readonly location_id?: number | null;
  readonly manager_id?: number | null;
  readonly notes?: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface LocationRow {
  readonly id: number;
  readonly name: string;
  readonly address?: string | null;
  readonly address2?: string | null;
  readonly city?: string | null;
  readonly state?: string | null;
  readonly country?: string | null;
  readonly zip?: string | null;
  readonly phone?: string | null;
  readonly fax?: string | null;
  readonly currency?: string | null;
  readonly ldap_ou?: string | null;
  readonly parent_id?: number | null;
  readonly manager_id?: number | null;
  readonly company_id?: number | null;
  readonly notes?: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A hardware asset; `assigned_to` is the user it is checked out to. */
export interface AssetRow {
  readonly id: number;
  readonly name: string | null;
  readonly asset_tag: string;
  readonly serial: string;
  readonly model_id: number;
  readonly status_id: number;
  readonly company_id?: number | null;
  readonly rtd_location_id?: number | null;
  readonly location_id?: number | null;
  readonly assigned_to: number | null;
  readonly purchase_date?: string | null;
  readonly purchase_cost?: string | null;
  readonly last_checkout?: string | null;
  readonly created_by?: number | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface LicenseRow {
  readonly id: number;
  readonly name: string;
  readonly serial: string;
  readonly seats: number;
  readonly manufacturer_id: number;
  readonly category_id: number;
  readonly company_id?: number | null;
  readonly purchase_date?: string | null;
  readonly purchase_cost?: string | null;
  readonly expiration_date?: string | null;
  readonly license_email?: string | null;
  readonly reassignable: number;
  readonly maintained: number;
  readonly created_by?: number | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** A `license_seats` row: one seat of a license, maybe assigned to a user. */
export interface SeatRow {
  readonly id: number;
  readonly license_id: number;
  readonly assigned_to: number | null;
}

export interface AccessoryRow {
  readonly id: number;
  readonly name: string;
  readonly qty: number;
  readonly category_id: number;
  readonly manufacturer_id: number;
  readonly model_number?: string | null;
  readonly location_id?: number | null;
  readonly purchase_date?: string | null;
  readonly purchase_cost?: string | null;
  readonly created_by?: number | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** An `accessories_checkout` row. */
export interface CheckoutRow {
  readonly id: number;
  readonly accessory_id: number;
  readonly assigned_to: number;
  readonly created_at: string;
}

/** The tables and the indexes every endpoint looks rows up by. */
export class SnipeModel {
  readonly users: Table<UserRow>;
  readonly groups: Table<GroupRow>;
  readonly companies: Table<CompanyRow>;
  readonly departments: Table<DepartmentRow>;
  readonly locations: Table<LocationRow>;
  readonly assets: Table<AssetRow>;
  readonly licenses: Table<LicenseRow>;
  readonly seats: Table<SeatRow>;
  readonly accessories: Table<AccessoryRow>;
  readonly checkouts: Table<CheckoutRow>;

  /** Non-deleted users by collated username (usernames are unique among them). */
  readonly activeByUsername: UniqueIndex<string, UserRow>;
  /** Non-deleted users by manager: `managesUsers` (deleted users are out of its scope). */
  readonly activeByManager: GroupIndex<number, UserRow>;
  /** Non-deleted members of each group (`users_count`). */
  readonly activeByGroup: GroupIndex<number, UserRow>;
  /** Non-deleted users by company, department and location (filters, and those records' `users_count`). */
  readonly activeByCompany: GroupIndex<number, UserRow>;
  readonly activeByDepartment: GroupIndex<number, UserRow>;
  readonly activeByLocation: GroupIndex<number, UserRow>;
  readonly assetsByUser: GroupIndex<number, AssetRow>;
  readonly seatsByUser: GroupIndex<number, SeatRow>;
  readonly checkoutsByUser: GroupIndex<number, CheckoutRow>;
  readonly locationsByManager: GroupIndex<number, LocationRow>;
  readonly assetsByCompany: GroupIndex<number, AssetRow>;
  readonly assetsByLocation: GroupIndex<number, AssetRow>;
  readonly assetsByDefaultLocation: GroupIndex<number, AssetRow>;

  /** The hash a user's password is checked against (see `UserRow.password`). */
  passwordHashOf(user: UserRow): string | undefined {
    return user.password ?? this.db.getMeta<string>(SEED_PASSWORD_META);
  }

  constructor(readonly db: ProductDb) {
    this.users = db.table<UserRow>('users');
    this.groups = db.table<GroupRow>('permission_groups');
    this.companies = db.table<CompanyRow>('companies');
    this.departments = db.table<DepartmentRow>('departments');
    this.locations = db.table<LocationRow>('locations');
    this.assets = db.table<AssetRow>('assets');
    this.licenses = db.table<LicenseRow>('licenses');
    this.seats = db.table<SeatRow>('license_seats');
    this.accessories = db.table<AccessoryRow>('accessories');
    this.checkouts = db.table<CheckoutRow>('accessories_checkout');

    this.activeByUsername = this.users.unique((r) => (r.deleted_at ? undefined : fold(r.username)));
    this.activeByManager = this.users.group((r) => (r.deleted_at ? undefined : (r.manager_id ?? undefined)));
    this.activeByGroup = this.users.group((r) => (r.deleted_at ? undefined : r.groups));
    this.activeByCompany = this.users.group((r) => (r.deleted_at ? undefined : (r.company_id ?? undefined)));
    this.activeByDepartment = this.users.group((r) => (r.deleted_at ? undefined : (r.department_id ?? undefined)));
    this.activeByLocation = this.users.group((r) => (r.deleted_at ? undefined : (r.location_id ?? undefined)));
    this.assetsByUser = this.assets.group((r) => r.assigned_to ?? undefined);
    this.seatsByUser = this.seats.group((r) => r.assigned_to ?? undefined);
    this.checkoutsByUser = this.checkouts.group((r) => r.assigned_to);
    this.locationsByManager = this.locations.group((r) => r.manager_id ?? undefined);
    this.assetsByCompany = this.assets.group((r) => r.company_id ?? undefined);
    this.assetsByLocation = this.assets.group((r) => r.location_id ?? undefined);
    this.assetsByDefaultLocation = this.assets.group((r) => r.rtd_location_id ?? undefined);
  }

  /** A user that is not soft-deleted. */
  activeUser(id: number | undefined): UserRow | undefined {
    if (id === undefined) return undefined;
    const u = this.users.get(id);
    return u && !u.deleted_at ? u : undefined;
  }

  /** Everything that keeps a user from being deleted, counted as DeleteUserRequest counts it. */
  holdings(userId: number): { managedUsers: number; managedLocations: number; assets: number; licenses: number; accessories: number } {
    return {
      managedUsers: this.activeByManager.count(userId),
      managedLocations: this.locationsByManager.count(userId),
      assets: this.assetsByUser.count(userId),
      licenses: this.seatsByUser.count(userId),
      accessories: this.checkoutsByUser.count(userId),
    };
  }

  /** Sum of the version counters a derived result depends on. */
  get version(): number {
    return this.users.version + this.groups.version + this.assets.version + this.seats.version + this.checkouts.version + this.locations.version + this.departments.version + this.companies.version;
  }
}
