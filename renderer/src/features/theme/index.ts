export { ThemeSwitch } from './ThemeSwitch';
export { setThemeChoice, startTheme, theme, type Theme, type ThemeChoice } from './theme';
