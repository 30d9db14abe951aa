// Type-aware lint for every package: typescript-eslint's strictTypeChecked catches floating
// promises, non-exhaustive switches and unsafe `any` flows that `tsc` lets through.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { existsSync, readdirSync } from 'node:fs';

// Dependencies point one way (docs/architecture.md): core <- cursor, firewall, providers,
// testkit <- apps/api.
// No provider imports another provider, and core imports no other @scm package.
// A provider package is one with the provider shape's factory file (CONTRIBUTING.md),
// `src/<provider id>-provider.ts`: derived from the folders, so a new provider package is covered
// without editing this list, also when its folder is not its provider id (`azure-devops`, `azure`).
const PROVIDERS = readdirSync(new URL('./packages', import.meta.url)).filter(
  (name) =>
    existsSync(new URL(`./packages/${name}/src/`, import.meta.url)) &&
    readdirSync(new URL(`./packages/${name}/src/`, import.meta.url)).some((file) =>
      file.endsWith('-provider.ts'),
    ),
);
if (PROVIDERS.length < 3)
  throw new Error(`eslint.config.js found only ${PROVIDERS.length} provider packages`);
const boundaries = [
  {
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@scm/*'], message: '@scm/core depends on no other @scm package.' }],
        },
      ],
    },
  },
  ...PROVIDERS.map((name) => ({
    files: [`packages/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: PROVIDERS.filter((other) => other !== name).map((other) => `@scm/${other}`),
              message: 'No provider imports another provider (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  })),
  // apps/api (README "Layout"): a feature folder under routes/ imports no other feature folder, and
  // its router reaches the database only through services.
  {
    files: ['apps/api/src/routes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\.)[^/]+/',
              message:
                'A feature folder imports no other feature folder: move shared code out of routes/ (apps/api/README.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/routes/**/router.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: "MemberExpression[property.name='prisma']",
          message: 'Routers parse and render; services reach the database (apps/api/README.md).',
        },
      ],
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/generated/**',
      'apps/*/scripts/**',
      // The pages' browser scripts (served as they are from /assets; no TypeScript project).
      'apps/api/assets/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/*.config.*',
      '.turbo/**',
      'fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      // Small files: split a module that grows past this by concern (CONTRIBUTING.md).
      'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }],
    },
  },
  ...boundaries,
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      'max-lines': 'off',
    },
  },
);
