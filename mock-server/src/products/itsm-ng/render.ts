import type { ItemType } from './context.js';
import { cell, type Model, type Rec } from './model.js';
import { dropdownName, foreignKeyTarget, isForeignKey } from './names.js';
import { PhpMap } from './php.js';

/**
 * A row as the API returns it: every column in table order except the undisclosed ones, then the
 * HATEOAS `links` (one per set foreign key, then one per child class), optionally with foreign keys
 * replaced by names (`expand_dropdowns`) and a `_keys_names` map (`add_keys_names`).
 */

export interface RenderOptions {
  expand: boolean;
  hateoas: boolean;
  onlyId: boolean;
  addKeysNames: string[];
}

export function renderRow(m: Model, apiUrl: string, type: ItemType, row: Rec, opts: RenderOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (opts.onlyId) fields.id = row.id;
  else {
    const computed = type.computed?.(m, row);
    for (const col of type.columns) {
      if (col.secret) continue;
      fields[col.name] = col.computed ? (computed?.[col.name] ?? col.def) : cell(row, col);
    }
  }
  const raw = { ...fields };
  const links: Array<{ rel: string; href: string }> = [];
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (!isForeignKey(key) || typeof value !== 'number') continue;
    if (value === 0 && key !== 'entities_id') continue;
    const target = foreignKeyTarget(key, raw);
    if (opts.hateoas) links.push({ rel: target, href: `${apiUrl}/${target}/${value}` });
    if (opts.expand) fields[key] = dropdownName(m, target, value);
  }
  if (opts.hateoas) for (const child of type.children) links.push({ rel: child, href: `${apiUrl}/${type.name}/${row.id}/${child}/` });
  if (links.length) fields.links = links;
  if (opts.addKeysNames.length) {
    const names = new PhpMap();
    const full: Record<string, unknown> = {};
    for (const col of type.columns) full[col.name] = cell(row, col);
    for (const key of opts.addKeysNames) {
      const fk = key === 'id' ? `${type.table.replace(/^glpi_/, '')}_id` : key;
      const id = key === 'id' ? row.id : full[key];
      if (!isForeignKey(fk) || typeof id !== 'number') continue;
      const name = dropdownName(m, key === 'id' ? type.name : foreignKeyTarget(fk, full), id);
      if (name) names.set(key, name);
    }
    fields._keys_names = names;
  }
  return fields;
}
