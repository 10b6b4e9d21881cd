import { render } from 'preact';
import { App } from '../popup/App';
import { Tools } from './Tools';
import '../popup/style.css';
import './style.css';

// The full-page library (also the extension's options page): the popup's search at page size, with export and
// import; the table, bulk actions, tag management and settings come with the library-page issue.
render(
  <App page tools={(results, tags) => <Tools results={results} tags={tags} />} />,
  document.getElementById('app') as HTMLElement,
);
