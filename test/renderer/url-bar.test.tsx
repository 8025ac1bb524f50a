// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VariableInfo } from '../../shared/ipc';
import { UrlBar } from '../../renderer/src/components/UrlBar';

const VARS: VariableInfo[] = [
  { name: 'base', scope: 'environment', value: 'https://api.test', secret: false, missing: false },
  { name: 'token', scope: 'environment', value: '****', secret: true, missing: false },
  { name: 'basePath', scope: 'collection', value: '/v2', secret: false, missing: false },
];

function Harness({ initial, sent }: { initial: string; sent?: string[] }) {
  const [value, setValue] = useState(initial);
  return <UrlBar value={value} onChange={setValue} variables={VARS} onPasteCurl={() => undefined} onSend={() => sent?.push(value)} />;
}

const layer = (c: HTMLElement) => c.querySelector('.urlbar-layer') as HTMLElement;

afterEach(cleanup);

describe('URL bar variables', () => {
  it('marks known and unknown {{variables}} on the layer behind the text, at the same offsets', () => {
    const { container } = render(<Harness initial="{{base}}/users/{{userId}}?t={{ token }}" />);
    const spans = [...layer(container).querySelectorAll('.var')].map((s) => [s.textContent, s.className]);
    expect(spans).toEqual([['{{base}}', 'var known'], ['{{userId}}', 'var unknown'], ['{{ token }}', 'var known']]);
    // The layer must spell the URL exactly, or the highlights drift off the text they mark.
    expect(layer(container).textContent).toBe('{{base}}/users/{{userId}}?t={{ token }}');
  });

  it('hovering a variable names its value and scope, masked for secrets; an unknown one says so', () => {
    const { container } = render(<Harness initial="{{token}}/{{nope}}" />);
    const [token, nope] = [...layer(container).querySelectorAll('.var')] as HTMLElement[];
    fireEvent.mouseEnter(token as HTMLElement);
    expect(screen.getByRole('tooltip').textContent).toBe('token = **** (environment, secret)');
    fireEvent.mouseLeave(token as HTMLElement);
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.mouseEnter(nope as HTMLElement);
    expect(screen.getByRole('tooltip').textContent).toBe('nope is not defined in any scope');
  });

  it('offers names after "{{", filters by prefix, and Enter completes with the closing braces', () => {
    render(<Harness initial="" />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'URL' });
    fireEvent.change(input, { target: { value: '{{ba', selectionStart: 4 } });
    const options = screen.getAllByRole('option').map((o) => o.querySelector('code')?.textContent);
    expect(options).toEqual(['base', 'basePath']);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe('{{basePath}}');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('Enter sends when no suggestion is open', () => {
    const sent: string[] = [];
    render(<Harness initial="https://api.test/health" sent={sent} />);
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'URL' }), { key: 'Enter' });
    expect(sent).toEqual(['https://api.test/health']);
  });
});
