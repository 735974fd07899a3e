// The login helper, created once for the whole app. Point baseUrl at your server (a domain
// configured as a "request legal domain" in the mini program's settings; for local development
// untick domain checking in the DevTools and use the demo at http://127.0.0.1:8080).
const { createWeChatLogin } = require('./utils/wechat-login')

App({
  auth: createWeChatLogin({
    baseUrl: 'http://127.0.0.1:8080',
    // 'multi-app': wx.weixinMiniProgramLogin, redeemed by the server's wechat.login.type=multi-app.
    // In a classic mini program use type: 'mini-program' (wx.login) and, with the demo,
    // registration: 'classic' (POST /login/wechat/classic).
    type: 'multi-app',
    redirectPath: 'pages/index/index'
  })
})
