// ESLint flat config: typescript-eslint's type-aware recommended rules plus the React hooks rules.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '.next*/',
      'collab-server/dist/',
      'bench/fanout/dist/',
      'bench/results/',
      'tests/e2e/.artifacts/',
      'test-results/',
      'playwright-report/',
      'data/',
      'next-env.d.ts',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // A leading underscore marks a binding kept on purpose: a destructured field left out of a
      // rest object, or a parameter a callback signature requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // yjs shared types implement toString() at run time, but their type declarations omit it.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'YText', 'YXmlFragment', 'YXmlElement', 'YXmlText'] }],
      // Storage adapters and test doubles implement Promise-returning interfaces with synchronous
      // bodies; `async` keeps a thrown error a rejection, as callers of the interface expect.
      '@typescript-eslint/require-await': 'off',
      // Passing a caught `unknown` on to reject() re-raises it unchanged, like `throw error` in a catch.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests parse JSON bodies and exports (typed `any`), check them with expect() or break them on
    // purpose: the assertion is the type check, so casting every parsed value would add nothing.
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      // Reports where the React Compiler would give up on a useMemo/useCallback; the app does not use the compiler.
      'react-hooks/preserve-manual-memoization': 'off',
    },
  },
  {
    // Plain JavaScript files are outside tsconfig.json, so they get no type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
)
