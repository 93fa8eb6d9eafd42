// Comparisons for the Compare page's end-to-end test: the first carries Markdown (heading, list, table),
// a Python code block, and inline and display math, plus a raw <script> that must show as text, never run.
export const richPrompt = 'Explain how to compute the **area of a circle**, with code.';

export const richA = [
  '## Area of a circle',
  '',
  'The area is $A = \\pi r^2$ for a radius $r$.',
  '',
  '$$',
  '\\int_0^{2\\pi}\\int_0^r \\rho \\, d\\rho \\, d\\theta = \\pi r^2',
  '$$',
  '',
  '- measure the radius',
  '- square it',
  '- multiply by pi',
  '',
  '| r | A |',
  '|---|---|',
  '| 1 | 3.14 |',
  '| 2 | 12.57 |',
  '',
  '```python',
  'import math',
  '',
  'def area(r: float) -> float:',
  '    return math.pi * r ** 2  # square the radius',
  '```',
  '',
  '<script>window.__pwned = true</script> <img src=x onerror="window.__pwned=true">',
].join('\n');

export const richB = [
  '## Area of a circle',
  '',
  'The area is $A = 2 \\pi r$ for a radius $r$.',
  '',
  '- measure the diameter',
  '- multiply by pi',
  '',
  '```python',
  'def area(r):',
  '    return 2 * 3.14 * r',
  '```',
].join('\n');

export function compareRecords(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    i === 0
      ? { id: 'rich', prompt: richPrompt, response_a: richA, response_b: richB, layer: 0 }
      : {
          id: `q${i}`,
          prompt: `Question ${i}: what is ${i + 2} times ${i + 3}?`,
          response_a: `${i + 2} times ${i + 3} is **${(i + 2) * (i + 3)}**.`,
          response_b: `It is ${(i + 2) * (i + 3) + 1}, because ${i + 2} × ${i + 3} = ${(i + 2) * (i + 3) + 1}.`,
          layer: i % 2,
        },
  );
}
