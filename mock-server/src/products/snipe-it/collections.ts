import type { Req } from './context.js';
import { forbidden, modelNotFound } from './errors.js';
import { json, type Reply } from './http.js';
import { get, scalar } from './input.js';
import type { CompanyRow, DepartmentRow, LocationRow, SnipeModel } from './model.js';
import { mysqlId } from './php.js';
import { companyCounts, locationCounts, transformCompany, transformDepartment, transformLocation } from './serialize.js';
import { allowedSort, listSmall, selectList, textSearch, type SortKey } from './small-tables.js';

/** The `view.selectlists` gate: anyone who may view some part of the inventory. */
function mayUseSelectLists(req: Req): boolean {
  const c = req.caller;
  if (c.hasAccess('admin')) return true;
  return ['users.view', 'assets.view', 'licenses.view', 'accessories.view', 'consumables.view', 'components.view', 'locations.view', 'companies.view', 'departments.view', 'self.checkout_assets'].some((p) => c.hasAccess(p));
}

/**
 * Companies, departments and locations: the records user filters refer to. Index, show and
 * select lists, read-only.
 */
export class CollectionsApi {
  constructor(private readonly model: SnipeModel) {}

  companies(req: Req): Reply {
    if (!req.caller.can('companies', 'view')) return forbidden(req.negotiation);
    const m = this.model;
    const input = req.input.all;
    const column = allowedSort(
      input,
      ['id', 'name', 'phone', 'fax', 'email', 'created_at', 'updated_at', 'users_count', 'assets_count', 'licenses_count', 'accessories_count', 'consumables_count', 'components_count', 'notes'],
      'created_at',
    );
    const counted = new Map<number, ReturnType<typeof companyCounts>>();
    const countsOf = (c: CompanyRow) => {
      let hit = counted.get(c.id);
      if (!hit) counted.set(c.id, (hit = companyCounts(m, c.id)));
      return hit;
    };
    const creator = (c: CompanyRow) => (c.created_by ? m.users.get(c.created_by) : undefined);
    let sort: Array<SortKey<CompanyRow>>;
    if (scalar(get(input, 'sort')) === 'created_by') {
      sort = [
        { key: (c) => creator(c)?.first_name, text: true },
        { key: (c) => creator(c)?.last_name, text: true },
      ];
    } else if (column.endsWith('_count')) {
      const field = { users_count: 'users', assets_count: 'assets', licenses_count: 'licenses', accessories_count: 'accessories', consumables_count: 'consumables', components_count: 'components' }[column] as keyof ReturnType<typeof companyCounts>;
      sort = [{ key: (c) => countsOf(c)[field], text: false }];
    } else if (column === 'id') sort = [{ key: (c) => c.id, text: false }];
    else sort = [{ key: (c) => (c as unknown as Record<string, string | null | undefined>)[column], text: true }];
    const page = listSmall(m.companies.values(), input, {
      search: (s) => textSearch<CompanyRow>(s, (c) => [[c.name], [c.phone], [c.fax], [c.email], [c.created_at, true], [c.updated_at, true]]),
      filters: [
        ['name', (c) => c.name],
        ['email', (c) => c.email],
        ['created_by', (c) => c.created_by],
      ],
      sort,
    });
    return json({ total: page.total, rows: page.rows.map((c) => transformCompany(req.render, c, countsOf(c))) });
  }

  company(req: Req, raw: string): Reply {
    if (!req.caller.can('companies', 'view')) return forbidden(req.negotiation);
    const c = this.model.companies.get(mysqlId(raw) ?? 0);
    if (!c) return modelNotFound(req.negotiation, 'Company', '/companies');
    return json(transformCompany(req.render, c, null));
  }

  departments(req: Req): Reply {
    if (!req.caller.can('departments', 'view')) return forbidden(req.negotiation);
    const m = this.model;
    const input = req.input.all;
    const sortParam = scalar(get(input, 'sort'));
    const column = allowedSort(input, ['id', 'name', 'image', 'users_count', 'notes'], 'created_at');
    let sort: Array<SortKey<DepartmentRow>>;
    if (sortParam === 'location') sort = [{ key: (d) => (d.location_id ? m.locations.get(d.location_id)?.name : null), text: true }];
    else if (sortParam === 'manager') {
      sort = [
        { key: (d) => (d.manager_id ? m.users.get(d.manager_id)?.first_name : null), text: true },
        { key: (d) => (d.manager_id ? m.users.get(d.manager_id)?.last_name : null), text: true },
      ];
    } else if (sortParam === 'company') sort = [{ key: (d) => (d.company_id ? m.companies.get(d.company_id)?.name : null), text: true }];
    else if (column === 'users_count') sort = [{ key: (d) => m.activeByDepartment.count(d.id), text: false }];
    else if (column === 'id') sort = [{ key: (d) => d.id, text: false }];
    else if (column === 'image') sort = [{ key: () => null, text: true }];
    else sort = [{ key: (d) => (d as unknown as Record<string, string | null | undefined>)[column], text: true }];
    const page = listSmall(m.departments.values(), input, {
      search: (s) => textSearch<DepartmentRow>(s, (d) => [[d.name], [d.notes], [d.phone], [d.fax]]),
      filters: [
        ['name', (d) => d.name],
        ['company_id', (d) => d.company_id],
        ['manager_id', (d) => d.manager_id],
        ['location_id', (d) => d.location_id],
      ],
      sort,
    });
    return json({ total: page.total, rows: page.rows.map((d) => transformDepartment(req.render, d, m.activeByDepartment.count(d.id))) });
  }

  department(req: Req, raw: string): Reply {
    if (!req.caller.can('departments', 'view')) return forbidden(req.negotiation);
    const d = this.model.departments.get(mysqlId(raw) ?? 0);
    if (!d) return modelNotFound(req.negotiation, 'Department', '/departments');
    return json(transformDepartment(req.render, d, null));
  }

  locations(req: Req): Reply {
    if (!req.caller.can('locations', 'view')) return forbidden(req.negotiation);
    const m = this.model;
    const input = req.input.all;
    const sortParam = scalar(get(input, 'sort'));
    const column = allowedSort(
      input,
      ['accessories_count', 'address', 'address2', 'assets_count', 'assigned_accessories_count', 'assigned_assets_count', 'city', 'country', 'created_at', 'currency', 'id', 'image', 'ldap_ou', 'company_id', 'manager_id', 'name', 'rtd_assets_count', 'state', 'updated_at', 'users_count', 'zip', 'notes'],
      'created_at',
    );
    const counts = (l: LocationRow) => locationCounts(m, l.id, true);
    let sort: Array<SortKey<LocationRow>>;
    if (sortParam === 'parent') sort = [{ key: (l) => (l.parent_id ? m.locations.get(l.parent_id)?.name : null), text: true }];
    else if (sortParam === 'manager') {
      sort = [
        { key: (l) => (l.manager_id ? m.users.get(l.manager_id)?.first_name : null), text: true },
        { key: (l) => (l.manager_id ? m.users.get(l.manager_id)?.last_name : null), text: true },
      ];
    } else if (sortParam === 'company') sort = [{ key: (l) => (l.company_id ? m.companies.get(l.company_id)?.name : null), text: true }];
    else if (column.endsWith('_count')) {
      const field = {
        accessories_count: 'accessories',
        assets_count: 'assets',
        assigned_accessories_count: 'assignedAccessories',
        assigned_assets_count: 'assignedAssets',
        rtd_assets_count: 'rtdAssets',
        users_count: 'users',
      }[column] as keyof ReturnType<typeof locationCounts>;
      sort = [{ key: (l) => counts(l)[field], text: false }];
    } else if (column === 'id' || column === 'company_id' || column === 'manager_id') sort = [{ key: (l) => (l as unknown as Record<string, number | null | undefined>)[column], text: false }];
    else if (column === 'image') sort = [{ key: () => null, text: true }];
    else sort = [{ key: (l) => (l as unknown as Record<string, string | null | undefined>)[column], text: true }];
    const page = listSmall(m.locations.values(), input, {
      search: (s) =>
        textSearch<LocationRow>(s, (l) => [
          [l.name], [l.address], [l.city], [l.state], [l.zip], [l.created_at, true], [l.ldap_ou], [l.phone], [l.fax], [l.notes],
          [l.parent_id ? m.locations.get(l.parent_id)?.name : null], [l.company_id ? m.companies.get(l.company_id)?.name : null],
        ]),
      filters: [
        ['name', (l) => l.name],
        ['address', (l) => l.address],
        ['address2', (l) => l.address2],
        ['city', (l) => l.city],
        ['zip', (l) => l.zip],
        ['country', (l) => l.country],
        ['manager_id', (l) => l.manager_id],
        ['company_id', (l) => l.company_id],
      ],
      sort,
    });
    return json({ total: page.total, rows: page.rows.map((l) => transformLocation(req.render, l, true)) });
  }

  location(req: Req, raw: string): Reply {
    if (!req.caller.can('locations', 'view')) return forbidden(req.negotiation);
    const l = this.model.locations.get(mysqlId(raw) ?? 0);
    if (!l) return modelNotFound(req.negotiation, 'Location', '/locations');
    return json(transformLocation(req.render, l, false));
  }

  selectlist(req: Req, table: 'companies' | 'departments' | 'locations'): Reply {
    if (!mayUseSelectLists(req)) return forbidden(req.negotiation);
    return json(selectList<{ id: number; name: string }>(this.model[table].values(), req.input.all));
  }
}
