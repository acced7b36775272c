import { createApp } from 'vue';
// Side-effect imports register the tags (skipped if the page already has them).
import '@rescuekit/widgets/define/rescue-thermometer';
import '@rescuekit/widgets/define/nine-lives-picker';
import App from './App.vue';

createApp(App).mount('#app');
