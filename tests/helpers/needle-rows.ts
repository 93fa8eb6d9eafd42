// Test fixture: 30 comparisons for the saved-filter tests, "needle" in every tenth response A (questions 0, 10 and 20).
export const needleRows = Array.from({ length: 30 }, (_, i) => ({
  prompt: `Filter question ${i}`,
  response_a: i % 10 === 0 ? `A answer ${i} with the Needle` : `A answer ${i}`,
  response_b: `B answer ${i}`,
}));
