import { render } from 'preact';
import { App } from '../popup/App';
import '../popup/style.css';
import './style.css';

// The full-page library (also the extension's options page). For now it is the popup's search at page size;
// the table, bulk actions, tags and settings come with the library-page issue.
render(<App page />, document.getElementById('app') as HTMLElement);
