import { render } from 'preact';
import { LibraryApp } from './LibraryApp';
import '../popup/style.css';
import './style.css';

// The full-page library, also the extension's options page.
render(<LibraryApp />, document.getElementById('app') as HTMLElement);
