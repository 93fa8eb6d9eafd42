// Demo problems with exact step-by-step solutions: single-step sums and conversions (layer 0),
// 3–4 step shopping and recipe problems (layer 1), 8+ step trip-planning problems (layer 2).
// Each step records its value so a wrong step can be planted and carried through the later steps.
import type { Random } from './random';

export interface Step {

  template: string;
  /** Computes the value from earlier steps' values (as shown, so a planted error propagates). */
  compute: (earlier: number[]) => number;
  /** Decimal places to show. */
  digits: number;
}

export interface Problem {
  layer: 0 | 1 | 2;
  kind: string;
  question: string;
  steps: Step[];
  /** The closing statement, from the values of all steps as shown (the last one is the result). */
  answer: (values: string[]) => string;
  /** Python that recomputes the answer without rounding, shown under some long solutions. */
  check?: string[];
}

const NAMES = ['Maya', 'Tomás', 'Aiko', 'Priya', 'Jonas', 'Fatima', 'Liam', 'Zoe', 'Kwame', 'Elena'];

const step = (template: string, compute: (v: number[]) => number, digits = 0): Step => ({ template, compute, digits });

function sumProblem(r: Random): Problem {
  const a = r.int(12, 989);
  const b = r.int(12, 989);
  return {
    layer: 0,
    kind: 'addition',
    question: `What is ${a} + ${b}?`,
    steps: [step(`$${a} + ${b} = #v$`, () => a + b)],
    answer: (v) => `The answer is **${v[0]}**.`,
  };
}

function productProblem(r: Random): Problem {
  const a = r.int(6, 49);
  const b = r.int(6, 49);
  return {
    layer: 0,
    kind: 'multiplication',
    question: `What is ${a} × ${b}?`,
    steps: [step(`$${a} \\times ${b} = #v$`, () => a * b)],
    answer: (v) => `The answer is **${v[0]}**.`,
  };
}

const CONVERSIONS = [
  { from: 'km', to: 'm', factor: 1000, digits: 0 },
  { from: 'kg', to: 'g', factor: 1000, digits: 0 },
  { from: 'hours', to: 'minutes', factor: 60, digits: 0 },
  { from: 'feet', to: 'inches', factor: 12, digits: 0 },
  { from: 'litres', to: 'millilitres', factor: 1000, digits: 0 },
  { from: 'miles', to: 'km', factor: 1.609344, digits: 2 },
] as const;

function conversionProblem(r: Random): Problem {
  const c = r.pick(CONVERSIONS);
  const x = r.int(2, 95) / (r.chance(0.5) ? 1 : 2);
  return {
    layer: 0,
    kind: 'unit conversion',
    question: `Convert ${x} ${c.from} to ${c.to}.`,
    steps: [step(`$${x} \\times ${c.factor} = #v$ ${c.to}`, () => x * c.factor, c.digits)],
    answer: (v) => `${x} ${c.from} is **${v[0]} ${c.to}**.`,
  };
}

function shoppingProblem(r: Random): Problem {
  const name = r.pick(NAMES);
  const pencils = r.int(2, 9);
  const pencilPrice = r.int(2, 6);
  const books = r.int(2, 6);
  const bookPrice = r.int(4, 15);
  const paid = Math.ceil((pencils * pencilPrice + books * bookPrice + 1) / 20) * 20 + (r.chance(0.5) ? 20 : 0);
  return {
    layer: 1,
    kind: 'shopping',
    question: `Pencils cost €${pencilPrice} each and notebooks cost €${bookPrice} each. ${name} buys ${pencils} pencils and ${books} notebooks and pays with a €${paid} note. How much change does ${name} get?`,
    steps: [
      step(`Pencils: $${pencils} \\times ${pencilPrice} = #v$ euros.`, () => pencils * pencilPrice),
      step(`Notebooks: $${books} \\times ${bookPrice} = #v$ euros.`, () => books * bookPrice),
      step('Total: $#0 + #1 = #v$ euros.', (v) => v[0] + v[1]),
      step(`Change: $${paid} - #2 = #v$ euros.`, (v) => paid - v[2]),
    ],
    answer: (v) => `${name} gets **€${v[3]}** in change.`,
  };
}

function recipeProblem(r: Random): Problem {
  const serves = r.pick([2, 4, 5]);
  const want = serves * r.int(2, 4) + (r.chance(0.5) ? serves : 0);
  const flour = r.int(120, 400);
  const perBag = r.pick([500, 1000]);
  return {
    layer: 1,
    kind: 'recipe',
    question: `A recipe for ${serves} people uses ${flour} g of flour. How many ${perBag} g bags of flour are needed to cook it for ${want} people?`,
    steps: [
      step(`Scale factor: $${want} \\div ${serves} = #v$.`, () => want / serves, 2),
      step(`Flour needed: $${flour} \\times #0 = #v$ g.`, (v) => flour * v[0], 0),
      step(`Bags: $#1 \\div ${perBag} = #v$, so round up.`, (v) => v[1] / perBag, 2),
    ],
    answer: (v) => {
      const bags = Math.ceil(Number(v[2]));
      return `${v[2]} bags round up to **${bags} bag${bags === 1 ? '' : 's'}**.`;
    },
  };
}

function tripProblem(r: Random): Problem {
  const name = r.pick(NAMES);
  const miles = r.int(120, 480);
  const speed = r.pick([50, 60, 75, 80, 90]);
  const consumption = r.int(5, 9) + r.pick([0, 0.5]);
  const fuelPrice = r.int(150, 210) / 100;
  const breakMinutes = r.pick([15, 20, 30, 45]);
  const breaks = r.int(1, 3);
  const toll = r.int(3, 18);
  const people = r.int(2, 4);
  return {
    layer: 2,
    kind: 'trip planning',
    question:
      `${name} drives ${miles} miles at an average of ${speed} km/h, taking ${breaks} break(s) of ${breakMinutes} minutes. ` +
      `The car uses ${consumption} litres per 100 km, fuel costs €${fuelPrice.toFixed(2)} per litre, tolls cost €${toll}, ` +
      `and the ${people} travellers split the cost. How long does the trip take in hours, and what does each person pay?`,
    steps: [
      step(`Distance: $${miles} \\times 1.609344 = #v$ km.`, () => miles * 1.609344, 1),
      step(`Driving time: $#0 \\div ${speed} = #v$ hours.`, (v) => v[0] / speed, 2),
      step(`Break time: $${breaks} \\times ${breakMinutes} = #v$ minutes.`, () => breaks * breakMinutes),
      step('Break time in hours: $#2 \\div 60 = #v$ hours.', (v) => v[2] / 60, 2),
      step('Total time: $#1 + #3 = #v$ hours.', (v) => v[1] + v[3], 2),
      step(`Fuel used: $#0 \\times ${consumption} \\div 100 = #v$ litres.`, (v) => (v[0] * consumption) / 100, 1),
      step(`Fuel cost: $#5 \\times ${fuelPrice.toFixed(2)} = #v$ euros.`, (v) => v[5] * fuelPrice, 2),
      step(`Total cost: $#6 + ${toll} = #v$ euros.`, (v) => v[6] + toll, 2),
      step(`Per person: $#7 \\div ${people} = #v$ euros.`, (v) => v[7] / people, 2),
    ],
    answer: (v) => `The trip takes **${v[4]} hours** and each person pays **€${v[8]}**.`,
    check: [
      `km = ${miles} * 1.609344`,
      `cost = km * ${consumption} / 100 * ${fuelPrice.toFixed(2)} + ${toll}`,
      `print(round(cost / ${people}, 2))`,
    ],
  };
}

export const generators: Record<0 | 1 | 2, ((r: Random) => Problem)[]> = {
  0: [sumProblem, productProblem, conversionProblem],
  1: [shoppingProblem, recipeProblem],
  2: [tripProblem],
};
