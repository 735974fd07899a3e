// Logs in with the helper of utils/wechat-login.js and calls the demo's API with the token.
const app = getApp()

Page({
  data: { me: null, admin: '', error: '' },

  onShow () {
    // A session kept in storage survives restarts: show the user without a new login
    if (app.auth.isLoggedIn()) {
      this.loadMe()
    }
  },

  async onLogin () {
    this.setData({ error: '' })
    try {
      await app.auth.login()
      await this.loadMe()
    } catch (error) {
      this.showError(error)
    }
  },

  async loadMe () {
    try {
      const me = await app.auth.request({ url: '/api/me' })
      // @PreAuthorize("hasRole('ADMIN')"): 200 for the openids in demo.admins, 403 for others
      const admin = await app.auth.request({ url: '/api/admin/ping' })
      this.setData({
        me: me.statusCode === 200 ? me.data : null,
        admin: admin.statusCode === 200 ? 'allowed' : 'forbidden (' + admin.statusCode + ')'
      })
    } catch (error) {
      // login_required: the session ended (logout elsewhere, reused refresh token, ...)
      this.setData({ me: null })
      this.showError(error)
    }
  },

  async onLogout () {
    await app.auth.logout()
    this.setData({ me: null, admin: '' })
  },

  showError (error) {
    // error.messageZh / error.message explain WeChat's client-side fail codes (-1, 10001005,
    // 10001008, 10001016, -700000) and the server's errors; error.reason is for code
    this.setData({ error: error.messageZh || error.message })
  }
})
