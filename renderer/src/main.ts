import { mount } from 'svelte';
import App from './App.svelte';
import { api } from './lib/api';
import { appState } from './lib/app-state.svelte';
import './styles/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html lacks #app');
mount(App, { target });
void appState.start(api);
