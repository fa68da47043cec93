/* This file is part of the clinic franchise suite. The COPYRIGHT file at the
 * top level of this repository contains the full copyright notices and
 * license terms.
 *
 * sao's custom.js: served from sao's web root (the Makefile copies it there).
 *
 * Entering a clinic or going back to the central changes the user's current
 * company on the server and answers "reload menu". sao 8.0 then reloads its
 * context by sending the context it already has, whose company the server
 * honours, so it would keep working as the old company; and it does not
 * redraw the top bar. Like sao's own preferences dialog, forget the context
 * first, and redraw the top bar with the new preferences.
 */
(function() {
    'use strict';
    var reload_context = Sao.Session.prototype.reload_context;
    Sao.Session.prototype.reload_context = function() {
        this.reset_context();
        return reload_context.call(this);
    };
    var menu = Sao.menu;
    Sao.menu = function(preferences) {
        if (preferences) {
            Sao.user_menu(preferences);
        }
        return menu.apply(this, arguments);
    };
})();
