// Helpers shared by the scenario files: a module without a default export is not a scenario.
import { button } from 'botform';

/** The button most steps end with. */
export const toMainMenu = button('⬅️ Main menu', 'main_menu');
