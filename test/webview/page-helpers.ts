/** Small drivers for the editor page: fill a field, pick an option, read values and messages. */
import type { Locator } from 'playwright-core';
import type { EditorPage } from './harness';

export const control = (ep: EditorPage, key: string): Locator => ep.page.locator(`.control[data-key="${key}"]`);
export const row = (ep: EditorPage, key: string): Locator => ep.page.locator(`.field[data-field="${key}"]`);
export const command = (ep: EditorPage, name: string): Locator => ep.page.locator(`vscode-button[data-command="${name}"]`);
export const actionButton = (ep: EditorPage, action: string): Locator => ep.page.locator(`vscode-button[data-action="${action}"]`);
export const banner = (ep: EditorPage, kind: string): Locator => ep.page.locator(`.banner[data-kind="${kind}"]`);

/** Types into a text field or textarea like a user (the inner input/textarea of the vscode element). */
export async function fill(ep: EditorPage, key: string, text: string): Promise<void> {
  await control(ep, key).locator('input, textarea').first().fill(text);
  await ep.settle();
}

/** Opens a select and clicks the option with this label. */
export async function choose(ep: EditorPage, key: string, label: string): Promise<void> {
  await control(ep, key).click();
  await control(ep, key).locator('li[role="option"]', { hasText: label }).first().click();
  await ep.settle();
}

export async function toggle(ep: EditorPage, key: string): Promise<void> {
  await control(ep, key).click();
  await ep.settle();
}

/** The value a control shows (checked for checkboxes). */
export async function valueOf(ep: EditorPage, key: string): Promise<unknown> {
  return control(ep, key).evaluate((e) => ('checked' in e && e.tagName === 'VSCODE-CHECKBOX' ? (e as unknown as { checked: boolean }).checked : (e as unknown as { value: unknown }).value));
}

export async function messagesOf(ep: EditorPage, key: string): Promise<string[]> {
  return row(ep, key).locator('.field-message').allTextContents();
}

export async function isDisabled(l: Locator): Promise<boolean> {
  return l.evaluate((e) => (e as unknown as { disabled: boolean }).disabled === true);
}

/** The data-key of the focused field control, or the data-command/-action of a focused button. */
export async function focused(ep: EditorPage): Promise<string | null> {
  return ep.page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return null;
    return a.dataset.key ?? a.dataset.command ?? a.dataset.action ?? a.dataset.add ?? a.tagName.toLowerCase();
  });
}
