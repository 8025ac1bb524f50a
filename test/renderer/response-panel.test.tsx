// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponsePanel } from '../../renderer/src/components/ResponsePanel';
import { tabError, type Tab } from '../../renderer/src/state/tabs';
import { KeyholeError } from '../../shared/errors';
import { Request } from '../../shared/model';

afterEach(cleanup);

const tab = (error: Tab['error']): Tab => ({ id: 't1', draft: Request.parse({ name: 'R', url: 'http://x' }), error });

describe('a send that failed in its pre-request script', () => {
  it('shows the script error and the assertions the script made before it threw', () => {
    // As the engine sends it across IPC: the report rides in the error's details.
    const thrown = new KeyholeError('script-failed', 'pre-request script of request R, line 1: Error: boom', {
      details: { script: 'pre-request script of request R', tests: { assertions: [{ name: 'setup ran', passed: true }, { name: 'token present', passed: false, message: 'expected 1 to equal 2' }], logs: ['log: about to fail'] } },
    });
    render(<ResponsePanel tab={tab(tabError(thrown))} />);
    expect(screen.getByRole('alert').textContent).toContain('script-failed: pre-request script of request R, line 1: Error: boom');
    const results = within(screen.getByRole('region', { name: 'Script results before the failure' }));
    expect(results.getAllByRole('heading').map((h) => h.textContent)).toEqual(['Tests (1/2)', 'Console']);
    expect(results.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['PASS setup ran', 'FAIL token present — expected 1 to equal 2']);
    expect(results.getByLabelText('Script console').textContent).toBe('log: about to fail');
  });

  it('an error with no script report shows the error alone', () => {
    render(<ResponsePanel tab={tab(tabError(new KeyholeError('network', 'connect ECONNREFUSED 127.0.0.1:1')))} />);
    expect(screen.getByRole('alert').textContent).toContain('network');
    expect(screen.queryByRole('region', { name: 'Script results before the failure' })).toBeNull();
  });
});
