import { mount } from 'svelte';
import LayerApp from './layer/LayerApp.svelte';
mount(LayerApp, { target: document.getElementById('app') });
