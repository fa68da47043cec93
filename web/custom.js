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

/* A list's button runs on its own row.
 *
 * sao 8.0 runs a list's button for the current record only: a click on the
 * button of another row just selects that row, and only a second click runs
 * it (Enter in the list of the clinics). Select the button's row alone
 * first, as a click on the row does, then run the button.
 */
(function() {
    'use strict';
    var button_clicked = Sao.View.Tree.ButtonColumn.prototype.button_clicked;
    Sao.View.Tree.ButtonColumn.prototype.button_clicked = function(event) {
        var record = event.data[0];
        if (record != this.view.screen.current_record) {
            var row = this.view.rows.find(row => row.record == record);
            if (row) {
                this.view.select_records(null, null);
                row.set_selection(true);
                row.selection_changed();
            }
        }
        return button_clicked.call(this, event);
    };
})();

/* A list's box ticks without an error.
 *
 * sao 8.0's editable list reads the group of its boolean column, which has
 * none: ticking a box ("Book" on a free slot, a clinic of the sharing
 * policy) set the value, then failed with "Cannot read properties of
 * undefined (reading 'parent')", and a row of a list of its own was not
 * saved. The column's group is its list's.
 */
(function() {
    'use strict';
    var column = Sao.View.Tree.BooleanColumn.prototype;
    if (!('group' in column)) {
        Object.defineProperty(column, 'group', {
            get: function() {
                return this.tree.screen.group;
            },
        });
    }
})();

/* The clickable odontogram.
 *
 * The server draws the patient's odontogram as SVG (clinic_dental's
 * odontogram.py): a group per tooth (data-tooth) and a polygon per surface
 * (data-surface). sao shows an image field in an <img>, where nothing can be
 * clicked, so the odontogram is put inline instead. Clicking a tooth opens a
 * new dental finding on it, clicking a surface a new finding on that
 * surface; once the finding is saved, the patient is read again and the
 * chart redrawn.
 */
(function() {
    'use strict';
    // The charts drawn inline: model, field and the model a click creates
    var CHARTS = {
        'party.party': {
            'odontogram': {
                model: 'clinic.dental.finding',
                parent: 'patient',
            },
        },
    };

    function chart_of(widget) {
        var record = widget.record;
        if (!record) {
            return null;
        }
        return (CHARTS[record.model.name] || {})[widget.field_name] || null;
    }

    // Parse the SVG the server drew, keeping nothing that could run
    function parse_chart(data) {
        if (!data) {
            return null;
        }
        var text = data instanceof Uint8Array ?
            new TextDecoder().decode(data) : data;
        var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        var svg = doc.documentElement;
        if (doc.querySelector('parsererror') ||
            svg.tagName.toLowerCase() !== 'svg') {
            return null;
        }
        for (const script of svg.querySelectorAll('script, foreignObject')) {
            script.remove();
        }
        for (const element of [svg, ...svg.querySelectorAll('*')]) {
            for (const attribute of [...element.attributes]) {
                if (/^on/i.test(attribute.name) ||
                    /^\s*javascript:/i.test(attribute.value)) {
                    element.removeAttribute(attribute.name);
                }
            }
        }
        return document.importNode(svg, true);
    }

    function clicked_place(target) {
        var tooth = target.closest('[data-tooth]');
        if (!tooth) {
            return null;
        }
        var surface = target.closest('[data-surface]');
        return {
            tooth: parseInt(tooth.getAttribute('data-tooth'), 10),
            surface: surface ? surface.getAttribute('data-surface') : null,
        };
    }

    function open_new(widget, chart, place) {
        var record = widget.record;
        if (!record || record.id < 0 ||
            !Sao.common.MODELACCESS.get(chart.model).create) {
            return;
        }
        var screen = widget.view.screen;
        var defaults = {tooth: place.tooth};
        defaults[chart.parent] = record.id;
        if (place.surface) {
            defaults.surfaces = [place.surface];
        }
        var finding = new Sao.Screen(chart.model, {
            mode: ['form'],
            context: record.get_context(),
            breadcrumb: screen.breadcrumb.concat(
                [Sao.common.MODELNAME.get(chart.model)]),
        });
        new Sao.Window.Form(finding, function(result) {
            if (result) {
                screen.reload([record.id], true);
            }
        }, {
            new_: true,
            save_current: true,
            defaults: defaults,
        });
    }

    function show_chart(widget, chart, data) {
        widget.el.children('svg.odontogram').remove();
        var svg = parse_chart(data);
        if (!svg) {
            widget.image.show();
            widget.image.attr('src', Sao.common.image_url(data));
            return;
        }
        widget.image.hide();
        // as wide as the form's panel (its viewBox keeps its shape)
        svg.style.width = '100%';
        svg.style.height = 'auto';
        svg.style.cursor = 'pointer';
        svg.classList.add('center-block');
        svg.addEventListener('click', function(event) {
            var place = clicked_place(event.target);
            if (place) {
                open_new(widget, chart, place);
            }
        });
        widget.el.prepend(svg);
    }

    var update_img = Sao.View.Form.Image.prototype.update_img;
    Sao.View.Form.Image.prototype.update_img = function() {
        var chart = chart_of(this);
        if (!chart) {
            this.el.children('svg.odontogram').remove();
            this.image.show();
            return update_img.call(this);
        }
        var record = this.record;
        var data = record.model.fields[this.field_name].get_data(record);
        data.done(value => {
            if (record === this.record) {
                show_chart(this, chart, value);
            }
        });
    };
})();
