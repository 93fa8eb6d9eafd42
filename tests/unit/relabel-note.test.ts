// The Compare page's relabel note in a DOM (jsdom): who asked and their reason, as text (never HTML); nothing when the
// item is no relabel; a request without a reason says so.
// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { RelabelNote } from '../../renderer/src/pages/compare/RelabelNote';

afterEach(cleanup);

describe('RelabelNote', () => {
  it('says who asked and why, the reason as plain text', () => {
    render(createElement(RelabelNote, { relabel: { requestedBy: 'Dr Rae', reason: 'Step 2 of <b>B</b> looks wrong' } }));
    const note = screen.getByTestId('compare-relabel-note');
    expect(note.textContent).toBe('Relabel requested by Dr Rae: Step 2 of <b>B</b> looks wrong');
    expect(note.querySelector('b')).toBeNull();
    expect(note.getAttribute('role')).toBe('note');
  });

  it('says when no reason was given, and shows nothing for an item that is no relabel', () => {
    render(createElement(RelabelNote, { relabel: { requestedBy: 'Dr Rae', reason: '' } }));
    expect(screen.getByTestId('compare-relabel-note').textContent).toBe('Relabel requested by Dr Rae (no reason given)');
    cleanup();
    const { container } = render(createElement(RelabelNote, { relabel: null }));
    expect(container.innerHTML).toBe('');
  });
});
