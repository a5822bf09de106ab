import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ConsoleApp } from './ConsoleApp';
import { startI18n } from './i18n/index';

const i18n = await startI18n();
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <I18nextProvider i18n={i18n}>
      <ConsoleApp />
    </I18nextProvider>,
  );
}
