import { mount } from 'svelte';
import FlowApp from './flow/FlowApp.svelte';
mount(FlowApp, { target: document.getElementById('app') });
