import { screensIn } from './support/screens.ts';

screensIn('dark');
