/**
 * The small reference records assets, licenses and accessories point at (models, categories,
 * manufacturers, status labels). The mock serves no endpoints for them, so they are constants rather
 * than tables; ids are what a fresh install plus this catalogue would give.
 */

export interface Named {
  readonly id: number;
  readonly name: string;
}

export const MANUFACTURERS: readonly Named[] = [
  { id: 1, name: 'Apple' },
  { id: 2, name: 'Lenovo' },
  { id: 3, name: 'Dell' },
  { id: 4, name: 'Microsoft' },
  { id: 5, name: 'Adobe' },
  { id: 6, name: 'JetBrains' },
  { id: 7, name: 'Logitech' },
  { id: 8, name: 'Jabra' },
];

export const CATEGORIES: readonly Named[] = [
  { id: 1, name: 'Laptops' },
  { id: 2, name: 'Monitors' },
  { id: 3, name: 'Mobile Phones' },
  { id: 4, name: 'Software' },
  { id: 5, name: 'Keyboards & Mice' },
  { id: 6, name: 'Headsets' },
];

export interface AssetModel extends Named {
  readonly model_number: string;
  readonly category_id: number;
  readonly manufacturer_id: number;
}

export const ASSET_MODELS: readonly AssetModel[] = [
  { id: 1, name: 'MacBook Pro 14"', model_number: 'A2442', category_id: 1, manufacturer_id: 1 },
  { id: 2, name: 'ThinkPad T14 Gen 4', model_number: '21HD', category_id: 1, manufacturer_id: 2 },
  { id: 3, name: 'Latitude 7440', model_number: 'P161G', category_id: 1, manufacturer_id: 3 },
  { id: 4, name: 'UltraSharp U2723QE', model_number: 'U2723QE', category_id: 2, manufacturer_id: 3 },
  { id: 5, name: 'iPhone 15', model_number: 'A3090', category_id: 3, manufacturer_id: 1 },
];

export interface StatusLabel extends Named {
  readonly type: 'deployable' | 'pending' | 'archived' | 'undeployable';
}

export const STATUS_LABELS: readonly StatusLabel[] = [
  { id: 1, name: 'Ready to Deploy', type: 'deployable' },
  { id: 2, name: 'Pending', type: 'pending' },
  { id: 3, name: 'Archived', type: 'archived' },
];

export const LICENSE_PRODUCTS = [
  { name: 'Microsoft 365 E3', manufacturer_id: 4, cost: '432.00' },
  { name: 'Adobe Creative Cloud', manufacturer_id: 5, cost: '1019.88' },
  { name: 'JetBrains All Products Pack', manufacturer_id: 6, cost: '779.00' },
  { name: 'Windows 11 Enterprise', manufacturer_id: 4, cost: '84.00' },
] as const;

export const ACCESSORY_PRODUCTS = [
  { name: 'MX Keys Keyboard', manufacturer_id: 7, category_id: 5, model_number: '920-009294', cost: '109.99' },
  { name: 'MX Master 3S Mouse', manufacturer_id: 7, category_id: 5, model_number: '910-006559', cost: '99.99' },
  { name: 'Evolve2 65 Headset', manufacturer_id: 8, category_id: 6, model_number: '26599-989-999', cost: '229.00' },
] as const;

export function byId<T extends Named>(list: readonly T[], id: number | null | undefined): T | undefined {
  return id === null || id === undefined ? undefined : list.find((x) => x.id === id);
}
