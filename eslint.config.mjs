// ESLint: Next.js core-web-vitals + TypeScript rules (eslint-config-next's flat config).
import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "tests/bench/gpu/payload/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Dependencies point one way: app → lib, workers → lib, server → app and lib; lib never imports app, server or
    // workers, and app never imports server or workers. A break of the rule fails the lint step.
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib", from: ["./app", "./server", "./workers"], message: "lib/ is the domain: it never imports app/, server/ or workers/." },
            { target: "./app", from: ["./server", "./workers"], message: "app/ reaches the domain through lib/ only." },
            { target: "./workers", from: ["./app", "./server"], message: "workers/ call lib/ only." },
          ],
        },
      ],
    },
  },
  {
    // SQL steps (lib/db/sql-steps.ts): inside a generator, a bare call as a statement (`takeSlot(id);`) creates a step
    // and runs nothing; it must be `yield* takeSlot(id)`. (A unit that ends with such a step also throws at run time.)
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: ":function[generator=true] ExpressionStatement > CallExpression[callee.type='Identifier']",
          message: "A step called without yield* runs nothing: write `yield* step(…)` (or use its result).",
        },
      ],
    },
  },
  {
    // next.config.js is CommonJS (Next.js loads it with require).
    files: ["next.config.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];
export default config;
