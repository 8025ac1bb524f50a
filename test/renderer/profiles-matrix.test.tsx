// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collection, Environment } from '../../shared/model';
import { EnvironmentsDialog } from '../../renderer/src/components/EnvironmentsDialog';
import { workspace } from '../../renderer/src/state/workspace';

const env = (name: string, profiles: Record<string, unknown>) => Environment.parse({ name, variables: [], profiles });

beforeEach(() => {
  workspace.set({
    loaded: true, root: '/ws', variables: [], variablesBy: {}, environments: { shop: 'staging' }, activeId: 'shop', environment: 'staging',
    collections: [{
      id: 'shop', problems: [], versions: {}, files: {}, storedSecrets: { staging: ['Admin.password'] },
      collection: Collection.parse({ name: 'Shop', profiles: [{ name: 'Admin', allowedOrigins: [] }, { name: 'Reader', allowedOrigins: [] }] }),
      environments: [
        env('staging', { Admin: { type: 'basic', username: 'root', password: '' }, Reader: { type: 'apikey', key: 'X-Key', value: '', in: 'header' } }),
        env('prod', { Admin: { type: 'bearer', token: '' } }),
      ],
    }],
  });
});
afterEach(cleanup);

describe('profiles × environments matrix', () => {
  it('shows which scheme each environment binds each profile slot to, and "unbound" where none', () => {
    render(<EnvironmentsDialog />);
    const matrix = screen.getByRole('table', { name: 'Profiles by environment' });
    expect(within(matrix).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Profile', 'staging', 'prod']);
    const rows = within(matrix).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([['Admin', 'Basic', 'Bearer token'], ['Reader', 'API key', 'unbound']]);
  });

  it('the selected environment\'s binding form shows a stored secret as stored, never its value', () => {
    render(<EnvironmentsDialog />);
    const editor = screen.getByRole('region', { name: 'Environment staging' });
    expect(within(editor).getByRole('textbox', { name: 'Admin binding Username' })).toHaveProperty('value', 'root');
    const password = within(editor).getByLabelText('Admin binding Password') as HTMLInputElement;
    expect(password.value).toBe('');
    expect(password.type).toBe('password');
    expect(password.placeholder).toMatch(/stored/);
  });
});
