// The Ladder page's "Study design" section in a DOM (jsdom) over the real service: it shows the stored position-check
// and control-trial shares, saves them in the database-wide settings, refuses a share out of range, says when loading
// or saving fails; the `?` overlay on the Compare page holds keys only.
// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../renderer/src/pages/compare/HelpOverlay';
import { defaultKeymap } from '../../renderer/src/pages/compare/keymap';
import { StudyDesign, parseSharePercent } from '../../renderer/src/pages/ladder/StudyDesign';
import { useService } from '../helpers/api';

const s = useService();
/** Methods made to fail, as a desktop IPC call that rejects. */
const failing = new Set<string>();

beforeAll(() => {
  // The page's client (lib/client.ts) uses window.rung where the desktop preload put it: here, the service itself.
  const rung = new Proxy(
    {},
    {
      get: (_, method: string) => async (params: unknown) => {
        if (failing.has(method)) throw new Error('the database is read-only');
        return s.call(method, params);
      },
    },
  );
  Object.defineProperty(window, 'rung', { value: rung, configurable: true });
});
afterEach(() => {
  cleanup();
  failing.clear();
});

const field = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

describe('Study design (Ladder page)', () => {
  it('shows the stored shares and saves each one in the settings, for every run', async () => {
    await s.value('updateSettings', { positionCheckShare: 0.025 });
    render(createElement(StudyDesign));
    expect(screen.getByRole('heading', { name: 'Study design' })).toBeTruthy();
    expect(screen.getByTestId('study-design').textContent).toContain('apply to every run');
    await waitFor(() => expect(field('position-share').value).toBe('2.5'));
    expect(field('control-share').value).toBe('10');

    fireEvent.change(field('control-share'), { target: { value: '100' } });
    fireEvent.click(screen.getByTestId('control-share-save'));
    await waitFor(() => expect(screen.getByTestId('control-share-note').textContent).toBe('Saved.'));
    fireEvent.change(field('position-share'), { target: { value: ' 7.5 ' } });
    fireEvent.submit(field('position-share'));
    await waitFor(() => expect(screen.getByTestId('position-share-note').textContent).toBe('Saved.'));
    expect(await s.value('getSettings')).toEqual({ positionCheckShare: 0.075, controlShare: 1 });
  });

  it('refuses a share out of range and saves nothing', async () => {
    render(createElement(StudyDesign));
    await waitFor(() => expect(field('position-share').value).toBe('5'));
    for (const text of ['60', '-1', '', 'five']) {
      fireEvent.change(field('position-share'), { target: { value: text } });
      fireEvent.click(screen.getByTestId('position-share-save'));
      await waitFor(() => expect(screen.getByTestId('position-share-note').textContent).toBe('Enter a share between 0 and 50 %.'));
    }
    expect(await s.value('getSettings')).toEqual({ positionCheckShare: 0.05, controlShare: 0.1 });
    expect(parseSharePercent('100', 100)).toEqual({ share: 1 });
    expect(parseSharePercent('100.5', 100)).toEqual({ problem: 'Enter a share between 0 and 100 %.' });
  });

  it('says when the settings cannot be loaded or saved', async () => {
    failing.add('getSettings');
    render(createElement(StudyDesign));
    await waitFor(() => expect(screen.getByTestId('study-design-error').textContent).toContain('the database is read-only'));
    cleanup();

    failing.clear();
    render(createElement(StudyDesign));
    await waitFor(() => expect(field('control-share').value).toBe('10'));
    failing.add('updateSettings');
    fireEvent.change(field('control-share'), { target: { value: '20' } });
    fireEvent.click(screen.getByTestId('control-share-save'));
    await waitFor(() => expect(screen.getByTestId('control-share-note').textContent).toBe('Not saved: updateSettings: the database is read-only'));
    failing.clear();
    expect((await s.value('getSettings')).controlShare).toBe(0.1);
  });

  it('is no longer in the ? overlay, which lists keys only', () => {
    const html = renderToStaticMarkup(createElement(HelpOverlay, { keymap: defaultKeymap, onChange: () => {}, onClose: () => {} }));
    expect(html).toContain('data-testid="key-row-left"');
    expect(html).not.toMatch(/position-share|control-share|Position checks|Control trials/);
  });
});
